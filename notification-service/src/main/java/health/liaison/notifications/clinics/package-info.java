/** The clinics notifications speak for: time zone, quiet hours and per-clinic sender identity, from configuration. */
package health.liaison.notifications.clinics;
