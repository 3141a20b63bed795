/** Calendars: a provider's bookings as an iCalendar feed. */
package health.liaison.scheduling.calendars;
