package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;

import java.time.LocalDate;
import java.util.List;

/**
 * What a table is asked for, already narrowed to what the caller may see: the clinics, the local days
 * {@code from..to} (inclusive), the period length, the split, and an optional provider or coordinator filter.
 */
public record InsightQuery(List<ClinicCalendar> clinics, LocalDate from, LocalDate to, Granularity granularity,
                           Grouping by, String providerId, String coordinatorId) {
}
