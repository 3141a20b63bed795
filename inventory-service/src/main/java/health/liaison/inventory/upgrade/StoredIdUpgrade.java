package health.liaison.inventory.upgrade;

import health.liaison.platform.store.TenantStores;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Devices and par levels stored before their ids carried the practice group are moved under the current ids at
 * start-up (before any listener or request runs), so they are found again: a device stored as {@code <equipmentId>}
 * becomes {@code <tenant>|<equipmentId>} with its {@code equipmentId} field, a par level stored as
 * {@code <locationId>|<sku>} becomes {@code <tenant>|<locationId>|<sku>}. Copy, then delete, one document at a time
 * ({@link TenantStores#renameStoredIds}): a restart half-way, or two replicas starting together, finish it.
 */
@Component
public class StoredIdUpgrade {

    static final String DEVICES = "equipment";
    static final String PAR_LEVELS = "par_levels";

    private final TenantStores stores;

    StoredIdUpgrade(TenantStores stores) {
        this.stores = stores;
        run();
    }

    public final void run() {
        stores.renameStoredIds(DEVICES, StoredIdUpgrade::device);
        stores.renameStoredIds(PAR_LEVELS, StoredIdUpgrade::parLevel);
    }

    /** A device id is the practice's own name without a '|': the old scheme stored exactly that. */
    static Document device(Document old) {
        if (!(old.get("_id") instanceof String id) || id.contains("|")) {
            return null;
        }
        return new Document(old).append("_id", old.getString("tenantId") + "|" + id).append("equipmentId", id);
    }

    /** A par level was {@code <locationId>|<sku>}; clinic ids and SKUs have no '|', so one '|' marks the old scheme. */
    static Document parLevel(Document old) {
        if (!(old.get("_id") instanceof String id) || id.chars().filter(c -> c == '|').count() != 1) {
            return null;
        }
        return new Document(old).append("_id", old.getString("tenantId") + "|" + id);
    }
}
