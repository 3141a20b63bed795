/** Correlation: the {@code X-Request-Id} every request carries from the edge to the services and back. */
package health.liaison.gateway.observability;
