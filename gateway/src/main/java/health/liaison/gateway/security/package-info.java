/**
 * Identity at the edge: token validation (issuer, signature, audience, lifetime), coarse role rules per area,
 * CORS for the configured front ends and the security headers. Fine-grained rules live in the services, which
 * validate the relayed token again.
 */
package health.liaison.gateway.security;
