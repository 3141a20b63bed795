/** Booking and cancelling appointments so that no provider, room or equipment is ever booked twice. */
package health.liaison.scheduling.booking;
