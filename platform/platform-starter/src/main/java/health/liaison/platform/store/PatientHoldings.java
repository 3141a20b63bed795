package health.liaison.platform.store;

import health.liaison.platform.events.records.PatientsMerged;
import org.bson.Document;

import java.util.Arrays;
import java.util.List;

/**
 * The collections in which a service keeps documents about patients (a {@code patientId} field): what follows a merge
 * of two charts (records' {@link PatientsMerged}) moves them from the merged patient id to the surviving one, in the
 * caller's practice group only. Each document moves in its own write and is no longer matched once moved, so a
 * redelivery, or a retry after a crash half-way, ends in the same state. Events already waiting in an outbox keep the
 * id they were published with.
 */
public final class PatientHoldings {

    private final List<TenantStore<Document>> stores;

    public PatientHoldings(TenantStores stores, String... collections) {
        this.stores = Arrays.stream(collections).map(c -> stores.of(Document.class, c, "patient record")).toList();
    }

    /** Whether the event names two different charts (anything else is nothing to follow). */
    public static boolean isMerge(PatientsMerged merge) {
        return merge.mergedPatientId() != null && merge.survivingPatientId() != null
                && !merge.mergedPatientId().equals(merge.survivingPatientId());
    }

    /** Moves every document held under the merged id to the surviving id; answers how many moved. */
    public long follow(PatientsMerged merge) {
        if (!isMerge(merge)) {
            return 0;
        }
        long moved = 0;
        for (TenantStore<Document> store : stores) {
            moved += store.reassign("patientId", merge.mergedPatientId(), merge.survivingPatientId());
        }
        return moved;
    }
}
