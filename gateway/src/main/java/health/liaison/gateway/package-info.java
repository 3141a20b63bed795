/**
 * The API gateway: routes {@code /api/<area>/v1/**} to the owning service, checks the caller's token and coarse
 * role, holds back abuse (body size, per-user and per-group rate limits), contains failing services behind circuit
 * breakers and shows every service's OpenAPI document in one Swagger UI.
 */
package health.liaison.gateway;
