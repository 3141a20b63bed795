package health.liaison.platform.events.records;

import health.liaison.platform.events.DomainEvent;

import java.util.List;

/** The events the records area publishes. Each has a pinned JSON sample in the contract test. */
public final class RecordsEvents {

    public static final List<Class<? extends DomainEvent>> TYPES = List.of(PatientRegistered.class, PatientContactChanged.class,
            PatientsMerged.class, ConsentSigned.class, ConsentRevoked.class, CarePlanIssued.class,
            ClearanceChanged.class, ComplaintOpened.class, ComplaintResolved.class, AuditCheckpointed.class);

    private RecordsEvents() {
    }
}
