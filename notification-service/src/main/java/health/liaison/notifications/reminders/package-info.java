/** Booking confirmations and reminders planned from scheduling's events; offsets per appointment type and clinic. */
package health.liaison.notifications.reminders;
