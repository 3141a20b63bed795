/**
 * Alerts to a clinic's staff rather than to a patient: low stock and expiring lots from inventory's events go by
 * email to the clinic's configured inventory address; a recall that reached the clinic's patients goes to its
 * coordinator address ({@code recalls}). Staff of the role and admins can list them.
 */
package health.liaison.notifications.staffalerts;
