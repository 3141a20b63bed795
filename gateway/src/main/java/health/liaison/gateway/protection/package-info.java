/**
 * Abuse protection: the request body limit and the per-user / per-practice-group rate limits whose counters live
 * in MongoDB so every gateway replica sees the same numbers.
 */
package health.liaison.gateway.protection;
