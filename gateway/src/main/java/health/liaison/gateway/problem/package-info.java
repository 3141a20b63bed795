/** RFC 9457 problem+json answers for everything the gateway itself rejects. */
package health.liaison.gateway.problem;
