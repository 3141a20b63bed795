package health.liaison.records.registration;

import java.time.LocalDate;

/** A patient of the practice group, registered at one of its clinics. */
public record Patient(String id, String locationId, String firstName, String lastName, LocalDate dateOfBirth,
                      String email, String phone, String preferredLanguage) {
}
