package health.liaison.console.board;

import health.liaison.console.api.RecordsApi;
import health.liaison.console.api.SchedulingApi;
import health.liaison.console.security.StaffUser;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The surgery board's view model: each upcoming surgery, its blockers, the next action and what the user can tick. */
@Component
class SurgeryBoardView {

    /** Checklist items the care team ticks by hand (MEDICAL_CLEARANCE: a provider only). */
    static final List<String> MANUAL_ITEMS = List.of("HISTORY_AND_PHYSICAL", "LABS", "MEDICAL_CLEARANCE");

    private final SchedulingApi scheduling;
    private final RecordsApi records;

    SurgeryBoardView(SchedulingApi scheduling, RecordsApi records) {
        this.scheduling = scheduling;
        this.records = records;
    }

    record Row(String appointmentId, String patientId, String patientName, java.time.Instant start, String status,
               List<String> blockers, String nextAction, List<String> tickable) {
    }

    record Board(SchedulingApi.Clinic clinic, List<Row> rows) {
    }

    Board build(String locationId) {
        SchedulingApi.Clinic clinic = scheduling.clinic(locationId);
        List<SchedulingApi.SurgeryCase> cases = scheduling.surgeryBoard(locationId);
        Map<String, RecordsApi.Summary> names = records.summaries(cases.stream().map(c -> c.surgery().patientId())
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
        StaffUser user = StaffUser.current();
        List<Row> rows = new ArrayList<>();
        for (SchedulingApi.SurgeryCase c : cases) {
            List<String> tickable = new ArrayList<>();
            Set<String> blockers = Set.copyOf(c.blockers());
            for (String item : MANUAL_ITEMS) {
                boolean allowed = item.equals("MEDICAL_CLEARANCE") ? user.hasAnyRole("PROVIDER")
                        : user.hasAnyRole("NURSE", "PROVIDER");
                // before records' first change of a checklist the board knows only that it is not started: every
                // item is then outstanding
                if (allowed && (blockers.contains("CHECKLIST_" + item) || blockers.contains("CHECKLIST_NOT_STARTED"))) {
                    tickable.add(item);
                }
            }
            RecordsApi.Summary name = names.get(c.surgery().patientId());
            rows.add(new Row(c.surgery().id(), c.surgery().patientId(), name == null ? null : name.displayName(),
                    c.surgery().start(), c.surgery().status(), c.blockers(), c.nextAction(), tickable));
        }
        return new Board(clinic, rows);
    }
}
