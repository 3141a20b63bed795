package health.liaison.records.patients;

import java.time.LocalDate;

/** What a list (a day sheet, a work queue) shows of a chart: the name, date of birth and clinic. */
public record PatientSummary(String id, String displayName, LocalDate dateOfBirth, String locationId) {

    @Override
    public String toString() {
        return "PatientSummary[" + id + "]";
    }
}
