package health.liaison.platform.clinics;

import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.messaging.MalformedEventException;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each practice group's clinics and their time zones, a typed local copy of scheduling's {@code location.changed}
 * (stored per group under the clinic's own id, collection {@code clinic_zones}), so a service counts clinic-local
 * days without calling scheduling. A redelivered, replayed or older event changes nothing: the latest
 * {@code changedAt} wins whatever the order of arrival. The service feeds it from its own {@code @KafkaListener}
 * (its consumer group is the service's, so its ACL is derived from its code).
 *
 * <p>A clinic not heard of yet counts in {@link ClinicTime#FALLBACK} (UTC); this is logged once per clinic and
 * process at WARN, with the clinic's id only.
 */
public class ClinicZones {

    public static final String COLLECTION = "clinic_zones";
    private static final Logger log = LoggerFactory.getLogger(ClinicZones.class);

    private final TenantStore<ClinicZone> zones;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public ClinicZones(TenantStores stores) {
        this.zones = stores.ofNamed(ClinicZone.class, COLLECTION, "clinic");
    }

    /** Scheduling defined or changed a clinic (in the caller's practice group). */
    public void changed(LocationChanged change) {
        if (change.locationId() == null || change.changedAt() == null) {
            throw new MalformedEventException("location.changed without a location id or a changedAt");
        }
        try {
            ZoneId.of(change.zoneId());
        } catch (DateTimeException | NullPointerException e) {
            throw new MalformedEventException("location.changed of " + change.locationId() + " names no valid zone", e);
        }
        ClinicZone next = new ClinicZone(change.locationId(), change.zoneId(), change.changedAt());
        try {
            zones.insert(next, List.of(), change.locationId());
        } catch (DuplicateKeyException known) {
            zones.modify(change.locationId(), current -> TenantStore.Change.quietly(
                    current.changedAt() != null && !change.changedAt().isAfter(current.changedAt()) ? current : next));
        }
    }

    /** The clinic's calendar in the caller's practice group; UTC (and {@code known = false}) for a clinic not heard of. */
    public ClinicTime of(String locationId) {
        return zones.find(locationId).map(Versioned::value).map(z -> ClinicTime.of(locationId, ZoneId.of(z.zoneId())))
                .orElseGet(() -> {
                    if (warned.add(Callers.current().tenantId() + "|" + locationId)) {
                        log.warn("Clinic {} has no zone from scheduling yet: its days are counted in UTC", locationId);
                    }
                    return ClinicTime.unknown(locationId);
                });
    }
}
