package health.liaison.notifications.clinics;

import health.liaison.notifications.quiethours.QuietHours;

import java.time.ZoneId;

/** A clinic as notifications see it: its practice group, time zone, quiet hours and sender identity. */
public record Clinic(String locationId, String tenantId, String name, ZoneId zone, QuietHours quietHours,
                     String emailFrom, String smsFrom, String phone) {
}
