package health.liaison.records.registration;

import java.time.LocalDate;

public record PatientView(String id, String locationId, String firstName, String lastName, LocalDate dateOfBirth,
                          String email, String phone, String preferredLanguage) {

    static PatientView of(Patient patient) {
        return new PatientView(patient.id(), patient.locationId(), patient.firstName(), patient.lastName(),
                patient.dateOfBirth(), patient.email(), patient.phone(), patient.preferredLanguage());
    }
}
