package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.ReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static health.liaison.insights.measures.FactWindow.instant;

/** Follow-up tasks by their due time (clinic-local day): due, done, done on time, escalated as overdue. */
@Component
public class FollowUpMeasures {

    private final FactWindow facts;

    FollowUpMeasures(FactWindow facts) {
        this.facts = facts;
    }

    public InsightTable table(InsightQuery query) {
        Tabulation<long[]> tab = new Tabulation<>(query, () -> new long[4]);
        for (ClinicCalendar clinic : query.clinics()) {
            for (Document task : facts.at(clinic, query, ReadModels.TASKS, "dueAt")) {
                String owner = task.getString("ownerId");
                if (query.coordinatorId() != null && !query.coordinatorId().equals(owner)) {
                    continue;
                }
                String group = query.by() == Grouping.COORDINATOR ? owner : null;
                tab.add(clinic, instant(task, "dueAt"), Collections.singletonList(group), acc -> {
                    acc[0]++;
                    Instant done = instant(task, "completedAt");
                    if (done != null) {
                        acc[1]++;
                        if (!done.isAfter(instant(task, "dueAt"))) {
                            acc[2]++;
                        }
                    }
                    if (task.get("overdueAt") != null) {
                        acc[3]++;
                    }
                });
            }
        }
        return tab.table("follow-up", List.of("tasksDue", "completed", "completedOnTime", "completedOnTimeShare", "overdue"),
                (acc, row) -> {
                    row.put("tasksDue", acc[0]);
                    row.put("completed", acc[1]);
                    row.put("completedOnTime", acc[2]);
                    row.put("completedOnTimeShare", Stats.rate(acc[2], acc[0]));
                    row.put("overdue", acc[3]);
                });
    }
}
