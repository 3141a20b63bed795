package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.ReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

import static health.liaison.insights.measures.FactWindow.instant;

/**
 * Complaints opened in each period (clinic-local day of opening) and how many of them were resolved, and resolved
 * within their SLA: resolved on or before the due date, the resolution's day taken at the clinic.
 */
@Component
public class ExperienceMeasures {

    private final FactWindow facts;

    ExperienceMeasures(FactWindow facts) {
        this.facts = facts;
    }

    public InsightTable table(InsightQuery query) {
        Tabulation<long[]> tab = new Tabulation<>(query, () -> new long[3]);
        for (ClinicCalendar clinic : query.clinics()) {
            for (Document complaint : facts.at(clinic, query, ReadModels.COMPLAINTS, "openedAt")) {
                tab.add(clinic, instant(complaint, "openedAt"), Collections.singletonList(null), acc -> {
                    acc[0]++;
                    Instant resolved = instant(complaint, "resolvedAt");
                    if (resolved != null) {
                        acc[1]++;
                        String due = complaint.getString("dueOn");
                        if (due != null && !clinic.dayOf(resolved).isAfter(LocalDate.parse(due))) {
                            acc[2]++;
                        }
                    }
                });
            }
        }
        return tab.table("experience", List.of("complaintsOpened", "complaintsResolved", "resolvedWithinSla", "resolvedWithinSlaShare"),
                (acc, row) -> {
                    row.put("complaintsOpened", acc[0]);
                    row.put("complaintsResolved", acc[1]);
                    row.put("resolvedWithinSla", acc[2]);
                    row.put("resolvedWithinSlaShare", Stats.rate(acc[2], acc[0]));
                });
    }
}
