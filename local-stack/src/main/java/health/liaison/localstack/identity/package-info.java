/**
 * The local stack's OAuth2 / OIDC authorization server: demo practice groups, their users, and access tokens that
 * carry {@code tenant}, {@code locations} and {@code roles} the way a production identity provider is configured to.
 */
package health.liaison.localstack.identity;
