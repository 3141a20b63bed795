/**
 * Alerts to a clinic's staff rather than to a patient: low stock and expiring lots from inventory's events go by
 * email to the clinic's configured inventory address, and inventory staff and admins can list them.
 */
package health.liaison.notifications.staffalerts;
