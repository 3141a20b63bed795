package health.liaison.notifications.clinics;

import health.liaison.notifications.quiethours.QuietHours;

import java.time.ZoneId;

/**
 * A clinic as notifications see it: its practice group, time zone, quiet hours and sender identity; the address its
 * inventory staff read alerts at and the one its coordinators read staff alerts at (such as a recall that reached
 * its patients), each null when none is configured, and the language staff messages are written in; the address
 * e-mail to the clinic is received at (null when the clinic takes no inbound e-mail).
 */
public record Clinic(String locationId, String tenantId, String name, ZoneId zone, QuietHours quietHours,
                     String emailFrom, String smsFrom, String phone, String inventoryEmail, String staffLanguage,
                     String coordinatorEmail, String inboundEmail) {
}
