/**
 * Where requests go: the service areas and their instances (from configuration, load-balanced), the OpenAPI
 * documents of every service, and the fast {@code 503} answer when a service is down or slow.
 */
package health.liaison.gateway.routing;
