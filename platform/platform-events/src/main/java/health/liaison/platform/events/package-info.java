/**
 * The integration contract between Liaison's services: event types with their stable wire names and topics.
 * Plain Java, no Spring, so any service or tool can depend on it.
 */
package health.liaison.platform.events;
