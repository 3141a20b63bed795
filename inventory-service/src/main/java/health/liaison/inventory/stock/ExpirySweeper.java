package health.liaison.inventory.stock;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import health.liaison.platform.clinics.ClinicTime;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.inventory.StockExpiring;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The expiry sweep: publishes {@link StockExpiring} for lots within 90, 60 and 30 days of expiry (each threshold once
 * per lot at a clinic) and quarantines expired stock so it can never be reserved. Correct with any number of
 * replicas on two levels: one replica claims each run with a lease document (an atomic findAndModify), and every
 * effect is idempotent on its own — a notice is a document whose id is clinic + item + lot + threshold (unique, and
 * it carries the event in its outbox), a quarantine is a conditional update — so even two runs at once publish each
 * notice once.
 *
 * <p>Days are the lot's clinic's: "within 30 days" and "expired" compare the expiry date with the clinic-local date of
 * the sweep (UTC for a clinic inventory has not heard of), so a lot in Sydney expires at Sydney's midnight.
 */
@Component
@EnableScheduling
class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);
    static final String LEASE = "inventory-expiry-sweep";

    private final MongoCollection<Document> stock;
    private final MongoCollection<Document> leases;
    private final TenantStore<ExpiryNotice> notices;
    private final StockLedger ledger;
    private final ClinicZones clinics;
    private final Clock clock;
    private final Duration interval;
    private final String holder = UUID.randomUUID().toString();

    ExpirySweeper(MongoTemplate mongo, TenantStores stores, StockLedger ledger, ClinicZones clinics, Clock clock,
                  @Value("${liaison.inventory.expiry-sweep-interval:PT1H}") Duration interval) {
        this.stock = mongo.getCollection(StockLedger.COLLECTION);
        this.leases = mongo.getCollection("sweep_leases");
        this.notices = stores.of(ExpiryNotice.class, "expiry_notices", "expiry notice");
        this.ledger = ledger;
        this.clinics = clinics;
        this.clock = clock;
        this.interval = interval;
    }

    /** A lot at a clinic was told it is within {@code withinDays} of expiry. */
    record ExpiryNotice(String id, String locationId, String sku, String lot, String serial, String expiresOn, int withinDays,
                        Instant toldAt) {
    }

    @Scheduled(fixedDelayString = "${liaison.inventory.expiry-sweep-interval:PT1H}",
            initialDelayString = "${liaison.inventory.expiry-sweep-initial-delay:PT20S}")
    void sweep() {
        if (claim()) {
            run(clock.instant());
        }
    }

    /** Claims this run: the lease is free when it lapsed; a replica that finds it held does nothing this time. */
    boolean claim() {
        Instant now = clock.instant();
        Duration hold = interval.minus(interval.dividedBy(10));
        try {
            return leases.findOneAndUpdate(new Document("_id", LEASE).append("until", new Document("$lte", Date.from(now))),
                    new Document("$set", new Document("until", Date.from(now.plus(hold))).append("holder", holder)),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)) != null;
        } catch (MongoCommandException | MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false; // held by another replica
            }
            throw e;
        }
    }

    /**
     * One sweep over every practice group's stock that expires within the horizon (or has expired) at {@code now}. A
     * clinic's date is at most one day after UTC's, so the horizon of that day covers every clinic.
     */
    void run(Instant now) {
        LocalDate latestClinicDate = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        List<Document> due = new ArrayList<>();
        stock.find(new Document("onHand", new Document("$gt", 0)).append("quarantined", false)
                        .append("expiresOn", new Document("$ne", null).append("$lte", ExpiryRule.horizon(latestClinicDate).toString())))
                .projection(new Document("tenantId", 1).append("locationId", 1).append("sku", 1).append("lot", 1)
                        .append("serial", 1).append("expiresOn", 1))
                .limit(10_000).into(due);
        Map<String, ClinicTime> clinicTimes = new HashMap<>();
        for (Document bucket : due) {
            String tenant = bucket.getString("tenantId");
            String locationId = bucket.getString("locationId");
            try {
                Callers.runAs(Caller.system(tenant), () -> {
                    ClinicTime clinic = clinicTimes.computeIfAbsent(tenant + "|" + locationId, key -> clinics.of(locationId));
                    check(bucket, clinic.dateOf(now));
                });
            } catch (RuntimeException e) {
                log.warn("Expiry check of a stock bucket failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    private void check(Document bucket, LocalDate today) {
        LocalDate expiresOn = LocalDate.parse(bucket.getString("expiresOn"));
        if (ExpiryRule.expired(today, expiresOn)) {
            if (ledger.quarantineExpired(bucket.getString("_id"), today)) {
                log.info("Expired stock quarantined");
            }
            return;
        }
        OptionalInt within = ExpiryRule.threshold(today, expiresOn);
        if (within.isEmpty()) {
            return;
        }
        String locationId = bucket.getString("locationId");
        String sku = bucket.getString("sku");
        String lot = bucket.getString("lot");
        String serial = bucket.getString("serial");
        String id = Callers.current().tenantId() + "|" + locationId + "|" + sku + "|" + (lot != null ? "LOT:" + lot : "SN:" + serial)
                + "|" + within.getAsInt();
        if (notices.find(id).isPresent()) {
            return;
        }
        Instant now = clock.instant();
        try {
            notices.insert(new ExpiryNotice(id, locationId, sku, lot, serial, expiresOn.toString(), within.getAsInt(), now),
                    List.of(new StockExpiring(sku, locationId, lot, expiresOn, within.getAsInt(), now)), locationId);
        } catch (DuplicateKeyException toldMeanwhile) {
            // another replica (or another place of the clinic holding the same lot) told it first
        }
    }
}
