/** Availability search: where an appointment type fits in a clinic's hours and its resources' calendars. */
package health.liaison.scheduling.availability;
