package health.liaison.inventory.cases;

import health.liaison.inventory.catalog.Catalog;
import health.liaison.inventory.catalog.Item;
import health.liaison.inventory.stock.StockBucket;
import health.liaison.inventory.stock.StockLedger;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inventory.CaseSuppliesConsumed;
import health.liaison.platform.events.inventory.KitReleased;
import health.liaison.platform.events.inventory.KitReservationFailed;
import health.liaison.platform.events.inventory.KitReserved;
import health.liaison.platform.events.inventory.RecallRaised;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Cases and their supplies, driven by scheduling's events: a booked surgery or procedure reserves its kit at its
 * clinic (first-expiry-first-out, all or nothing, a shortage published naming what is missing); a cancellation or
 * lapsed hold releases it; completion consumes what was used (the nurse's recorded use, or the kit) and links
 * lot- and serial-tracked items to the case and patient, which is what a recall query reads.
 */
@RestController
class Cases {

    private static final Set<String> CASES = Set.of("SURGERY", "PROCEDURE");

    private final TenantStore<CaseReservation> reservations;
    private final TenantStore<CaseUsage> usage;
    private final TenantStore<Recall> recalls;
    private final StockLedger ledger;
    private final Catalog catalog;
    private final ClinicZones clinics;
    private final Clock clock;
    private final EventInbox.Reaction reaction;

    Cases(TenantStores stores, StockLedger ledger, Catalog catalog, ClinicZones clinics, EventInbox inbox, Clock clock) {
        this.reservations = stores.of(CaseReservation.class, "case_reservations", "case");
        this.usage = stores.of(CaseUsage.class, "case_usage", "case usage");
        this.recalls = stores.of(Recall.class, "recalls", "recall");
        this.ledger = ledger;
        this.catalog = catalog;
        this.clinics = clinics;
        this.clock = clock;
        this.reaction = inbox.reaction("inventory-case-supplies")
                .on(AppointmentBooked.class, this::booked)
                .on(AppointmentRescheduled.class, this::rescheduled)
                .on(AppointmentCancelled.class, e -> release(e.payload().appointmentId()))
                .on(AppointmentHoldExpired.class, e -> release(e.payload().appointmentId()))
                .on(AppointmentCompleted.class, e -> consume(e.payload().appointmentId()));
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.case-supplies")
    void on(ConsumerRecord<String, byte[]> record) {
        reaction.accept(record);
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked b = event.payload();
        if (!CASES.contains(b.category())) {
            return;
        }
        Instant now = clock.instant();
        Optional<Catalog.Kit> kit = catalog.kitFor(b.appointmentTypeId(), b.providerIds());
        CaseReservation fresh = new CaseReservation(b.appointmentId(), b.patientId(), b.locationId(), b.appointmentTypeId(),
                b.start(), kit.isEmpty() ? CaseReservation.NO_KIT : CaseReservation.RESERVING, List.of(), List.of(), List.of(), now,
                1, CaseReservation.attemptReference(b.appointmentId(), 1));
        try {
            reservations.insert(fresh, List.of(), b.locationId());
        } catch (DuplicateKeyException known) {
            resume(b); // a redelivery, or the confirmation of a held date that was reserved already
            return;
        }
        if (kit.isEmpty()) {
            return;
        }
        reserveKit(b.appointmentId(), b.locationId(), b.appointmentTypeId(), kit.get(), b.start(), fresh.heldUnder(), 1);
    }

    /**
     * A booking delivered again whose case is still RESERVING: the try before never finished (the service stopped
     * half-way, holding part of the kit). The next attempt is claimed in the case document (a versioned write, so two
     * redeliveries at once get different attempts), what every earlier attempt still holds in the ledger is given
     * back, and the whole kit is reserved again under the new attempt's reference. An earlier attempt that is in fact
     * still running notices it was overtaken when it records its outcome, and gives back what it took.
     */
    private void resume(AppointmentBooked b) {
        Optional<Versioned<CaseReservation>> found = reservations.find(b.appointmentId());
        if (found.isEmpty() || !CaseReservation.RESERVING.equals(found.get().value().status())) {
            return;
        }
        Instant now = clock.instant();
        CaseReservation claimed = reservations.modify(b.appointmentId(), r -> TenantStore.Change.quietly(
                CaseReservation.RESERVING.equals(r.status()) ? r.nextAttempt(now) : r)).value();
        if (!CaseReservation.RESERVING.equals(claimed.status())) {
            return;
        }
        List<String> references = claimed.attemptReferences();
        references.subList(0, references.size() - 1).forEach(ledger::releaseLeftovers);
        Optional<Catalog.Kit> kit = catalog.kitFor(claimed.appointmentTypeId(), b.providerIds());
        if (kit.isEmpty()) {
            int attempt = claimed.attemptNumber();
            reservations.modify(b.appointmentId(), r -> TenantStore.Change.quietly(CaseReservation.RESERVING.equals(r.status())
                    && r.attemptNumber() == attempt ? r.with(CaseReservation.NO_KIT, List.of(), List.of(), now) : r));
            return;
        }
        reserveKit(claimed.id(), claimed.locationId(), claimed.appointmentTypeId(), kit.get(), claimed.start(), claimed.heldUnder(),
                claimed.attemptNumber());
    }

    /**
     * Reserves the whole kit for the case's day at its clinic (the clinic-local date of its start; FEFO over lots not
     * expired on that day, all or nothing) and records the outcome.
     * {@code attempt} is the booking's reservation attempt this is (null for a move): its outcome is recorded only
     * while the case is still RESERVING under that attempt; otherwise (overtaken by a newer attempt, or cancelled
     * meanwhile) what it took is given back.
     */
    private void reserveKit(String appointmentId, String locationId, String typeId, Catalog.Kit kit, Instant start, String reference,
                            Integer attempt) {
        Instant now = clock.instant();
        LocalDate day = clinics.of(locationId).dateOf(start);
        List<StockLedger.Allocation> allocations = new ArrayList<>();
        List<KitReservationFailed.Shortage> shortages = new ArrayList<>();
        for (Map.Entry<String, Integer> line : kit.items().entrySet()) {
            Optional<List<StockLedger.Allocation>> got = ledger.reserveWithoutRecheck(reference, locationId, line.getKey(), line.getValue(), day);
            if (got.isPresent()) {
                allocations.addAll(got.get());
            } else {
                shortages.add(new KitReservationFailed.Shortage(line.getKey(), line.getValue(), ledger.available(locationId, line.getKey(), day)));
            }
        }
        if (!shortages.isEmpty()) {
            ledger.releaseWithoutRecheck(reference, allocations);
        }
        // only now, with the kit held in full or given back, are the items compared with their reorder points
        ledger.recheck(locationId, kit.items().keySet());
        boolean[] recorded = {false};
        reservations.modify(appointmentId, r -> {
            recorded[0] = attempt == null || (CaseReservation.RESERVING.equals(r.status()) && r.attemptNumber() == attempt);
            if (!recorded[0]) {
                return TenantStore.Change.quietly(r);
            }
            return shortages.isEmpty()
                    ? TenantStore.Change.of(r.held(CaseReservation.RESERVED, allocations, List.of(), reference, now),
                    List.of(new KitReserved(appointmentId, locationId, typeId, kit.items().size(), now)), locationId)
                    : TenantStore.Change.of(r.held(CaseReservation.FAILED, List.of(), shortages, reference, now),
                    List.of(new KitReservationFailed(appointmentId, locationId, typeId, shortages, now)), locationId);
        });
        if (!recorded[0]) {
            ledger.releaseLeftovers(reference);
        }
    }

    /**
     * The kit follows its case: a move keeps what is reserved when every lot is still good on the new day at the same
     * clinic; otherwise (another clinic, a lot that expires before the new date, a kit that was short) what is held is
     * given back and the kit is reserved again for the new day. A redelivered move changes nothing more.
     */
    private void rescheduled(ReceivedEvent<AppointmentRescheduled> event) {
        AppointmentRescheduled moved = event.payload();
        Optional<Versioned<CaseReservation>> found = reservations.find(moved.appointmentId());
        if (found.isEmpty()) {
            return;
        }
        CaseReservation current = found.get().value();
        LocalDate day = clinics.of(moved.locationId()).dateOf(moved.start());
        boolean open = CaseReservation.RESERVED.equals(current.status()) || CaseReservation.FAILED.equals(current.status());
        boolean stillGood = CaseReservation.RESERVED.equals(current.status()) && current.locationId().equals(moved.locationId())
                && current.allocations().stream().allMatch(a -> a.expiresOn() == null || !LocalDate.parse(a.expiresOn()).isBefore(day));
        reservations.modify(moved.appointmentId(), r -> TenantStore.Change.quietly(r.movedTo(moved.locationId(), moved.start(),
                clock.instant())));
        if (!open || stillGood) {
            return;
        }
        Optional<Catalog.Kit> kit = catalog.kitFor(current.appointmentTypeId(), moved.providerIds());
        String reference = "case:" + moved.appointmentId() + ":moved:" + event.id();
        if (CaseReservation.RESERVED.equals(current.status())) {
            ledger.release(current.heldUnder(), current.allocations()); // named by the reference they were held under
        }
        if (kit.isPresent()) {
            reserveKit(moved.appointmentId(), moved.locationId(), current.appointmentTypeId(), kit.get(), moved.start(), reference, null);
        }
    }

    private void release(String appointmentId) {
        Optional<Versioned<CaseReservation>> found = reservations.find(appointmentId);
        if (found.isEmpty() || !CaseReservation.RESERVED.equals(found.get().value().status())) {
            found.ifPresent(f -> {
                CaseReservation closed = reservations.modify(appointmentId, r -> TenantStore.Change.quietly(
                        CaseReservation.RESERVING.equals(r.status()) || CaseReservation.FAILED.equals(r.status()) || CaseReservation.NO_KIT.equals(r.status())
                                ? r.with(CaseReservation.RELEASED, r.allocations(), r.shortages(), clock.instant()) : r)).value();
                if (CaseReservation.RESERVING.equals(f.value().status()) && CaseReservation.RELEASED.equals(closed.status())) {
                    // cancelled while reserving: nothing may stay held under any attempt (one still running gives back
                    // what it takes when it finds the case released)
                    closed.attemptReferences().forEach(ledger::releaseLeftovers);
                }
            });
            return;
        }
        CaseReservation reservation = found.get().value();
        ledger.release(reservation.heldUnder(), reservation.allocations());
        Instant now = clock.instant();
        reservations.modify(appointmentId, r -> CaseReservation.RESERVED.equals(r.status())
                ? TenantStore.Change.of(r.with(CaseReservation.RELEASED, r.allocations(), List.of(), now),
                List.of(new KitReleased(appointmentId, r.locationId(), now)), r.locationId())
                : TenantStore.Change.quietly(r));
    }

    private void consume(String appointmentId) {
        Optional<Versioned<CaseReservation>> found = reservations.find(appointmentId);
        if (found.isEmpty() || !CaseReservation.RESERVED.equals(found.get().value().status())) {
            return;
        }
        CaseReservation reservation = found.get().value();
        String reference = reservation.heldUnder();
        Instant now = clock.instant();
        Map<String, Integer> used = new LinkedHashMap<>();
        List<CaseUsage> traced = new ArrayList<>();
        if (reservation.actualUse().isEmpty()) {
            for (StockLedger.Allocation a : reservation.allocations()) {
                ledger.consumeReserved(reference, a, a.quantity());
                used.merge(a.sku(), a.quantity(), Integer::sum);
                traced.add(trace(reservation, a.bucketId(), a.sku(), a.lot(), a.serial(), a.quantity(), now));
            }
        } else {
            Map<String, Integer> left = new LinkedHashMap<>();
            reservation.allocations().forEach(a -> left.put(a.bucketId(), a.quantity()));
            for (CaseReservation.UsedItem item : reservation.actualUse()) {
                int remaining = item.quantity();
                for (StockLedger.Allocation a : reservation.allocations()) {
                    if (remaining == 0 || !a.sku().equals(item.sku()) || (item.lot() != null && !item.lot().equals(a.lot()))
                            || (item.serial() != null && !item.serial().equals(a.serial()))) {
                        continue;
                    }
                    int n = Math.min(remaining, left.get(a.bucketId()));
                    if (n > 0 && ledger.consumeReserved(reference + ":" + item.sku(), a, n)) {
                        left.merge(a.bucketId(), -n, Integer::sum);
                        remaining -= n;
                        traced.add(trace(reservation, a.bucketId(), a.sku(), a.lot(), a.serial(), n, now));
                    }
                }
                if (remaining > 0) {
                    // used beyond the kit: taken from what is available (the scanned lot or serial when given)
                    for (StockBucket bucket : ledger.usable(reservation.locationId(), item.sku(), null)) {
                        if (remaining == 0) {
                            break;
                        }
                        if ((item.lot() != null && !item.lot().equals(bucket.lot())) || (item.serial() != null && !item.serial().equals(bucket.serial()))) {
                            continue;
                        }
                        int n = Math.min(remaining, bucket.available());
                        if (ledger.take("extra:" + appointmentId + ":" + bucket.id(), "CONSUME", bucket.id(), n, reference, "used beyond the kit")) {
                            remaining -= n;
                            traced.add(trace(reservation, bucket.id(), item.sku(), bucket.lot(), bucket.serial(), n, now));
                        }
                    }
                }
                used.merge(item.sku(), item.quantity(), Integer::sum);
            }
            List<StockLedger.Allocation> unused = new ArrayList<>();
            for (StockLedger.Allocation a : reservation.allocations()) {
                int n = left.getOrDefault(a.bucketId(), 0);
                if (n > 0) {
                    unused.add(new StockLedger.Allocation(a.bucketId(), a.sku(), a.lot(), a.serial(), a.expiresOn(), n));
                }
            }
            ledger.release(reference + ":unused", unused);
        }
        for (CaseUsage u : traced) {
            if (u.lot() != null || u.serial() != null) {
                try {
                    usage.insert(u, List.of(), u.locationId());
                } catch (DuplicateKeyException recorded) {
                    // a retry
                }
            }
        }
        Map<String, Integer> planned = new LinkedHashMap<>();
        reservation.allocations().forEach(a -> planned.merge(a.sku(), a.quantity(), Integer::sum));
        Set<String> skus = new HashSet<>(planned.keySet());
        skus.addAll(used.keySet());
        int variance = (int) skus.stream().filter(s -> !planned.getOrDefault(s, 0).equals(used.getOrDefault(s, 0))).count();
        int total = used.values().stream().mapToInt(Integer::intValue).sum();
        reservations.modify(appointmentId, r -> CaseReservation.RESERVED.equals(r.status())
                ? TenantStore.Change.of(r.with(CaseReservation.CONSUMED, r.allocations(), List.of(), now),
                List.<DomainEvent>of(new CaseSuppliesConsumed(appointmentId, r.patientId(), r.locationId(), total, variance, now)), r.locationId())
                : TenantStore.Change.quietly(r));
    }

    private CaseUsage trace(CaseReservation r, String bucketId, String sku, String lot, String serial, int quantity, Instant at) {
        String manufacturer = catalog.find(sku).map(Item::manufacturer).orElse(null);
        return new CaseUsage(r.id() + "|" + bucketId, r.id(), r.patientId(), r.locationId(), sku, manufacturer, lot, serial, quantity, at);
    }

    @Operation(summary = "A case's reserved kit, shortages and recorded use")
    @GetMapping("/api/inventory/v1/cases/{appointmentId}")
    @PreAuthorize("hasAnyRole('INVENTORY','NURSE','COORDINATOR','PROVIDER','ADMIN')")
    CaseReservation read(@PathVariable String appointmentId) {
        return reservations.get(appointmentId).value();
    }

    record Use(@NotEmpty @Size(max = 100) List<@Valid Item> items) {
        record Item(@NotBlank String sku, @Size(max = 20) String lot, @Size(max = 20) String serial, @Min(1) @Max(1000) int quantity) {
        }
    }

    @Operation(summary = "Record what was actually used in the case (the variance from the kit is reported on completion)")
    @PostMapping("/api/inventory/v1/cases/{appointmentId}/usage")
    @PreAuthorize("hasAnyRole('NURSE','PROVIDER','INVENTORY','ADMIN')")
    CaseReservation recordUse(@PathVariable String appointmentId, @Valid @RequestBody Use request) {
        reservations.get(appointmentId); // another group's (or no) case: 404 before anything else is said about it
        for (Use.Item item : request.items()) {
            if (catalog.find(item.sku()).isEmpty()) {
                throw ApiProblem.invalid("items.sku", item.sku() + " is not in the catalog");
            }
        }
        return reservations.modify(appointmentId, r -> {
            if (!CaseReservation.RESERVED.equals(r.status())) {
                throw ApiProblem.conflict("case-not-open", "This case's supplies are " + r.status() + ".");
            }
            return TenantStore.Change.quietly(r.used(request.items().stream()
                    .map(i -> new CaseReservation.UsedItem(i.sku(), i.lot(), i.serial(), i.quantity())).toList(), clock.instant()));
        }).value();
    }

    /** A manufacturer recall and the cases it reached. */
    record Recall(String id, String manufacturer, String sku, String lot, String serialFrom, String serialTo, String reason,
                  List<String> appointmentIds, List<String> patientIds, long quarantinedBuckets, Instant raisedAt) {
    }

    @Operation(summary = "Which cases used a recalled lot or serial range (manufacturer + lot, or serial range)")
    @GetMapping("/api/inventory/v1/recalls/affected-cases")
    @PreAuthorize("hasAnyRole('INVENTORY','COORDINATOR','PROVIDER','ADMIN')")
    List<CaseUsage> affected(@RequestParam String manufacturer, @RequestParam(required = false) String sku,
                             @RequestParam(required = false) String lot, @RequestParam(required = false) String serialFrom,
                             @RequestParam(required = false) String serialTo) {
        if (lot == null && serialFrom == null) {
            throw ApiProblem.invalid("lot", "give a lot, or a serial range (serialFrom, serialTo)");
        }
        Criteria criteria = Criteria.where("manufacturer").is(manufacturer);
        if (sku != null) {
            criteria = criteria.and("sku").is(sku);
        }
        if (lot != null) {
            criteria = criteria.and("lot").is(lot);
        }
        if (serialFrom != null) {
            criteria = criteria.and("serial").gte(serialFrom).lte(serialTo == null ? serialFrom : serialTo);
        }
        return usage.find(criteria, Sort.by("usedAt", "_id"), 10_000);
    }

    record RaiseRecall(@NotBlank @Size(max = 80) String manufacturer, @Size(max = 40) String sku, @Size(max = 20) String lot,
                       @Size(max = 20) String serialFrom, @Size(max = 20) String serialTo, @NotBlank @Size(max = 300) String reason) {
    }

    @Operation(summary = "Raise a recall: quarantine the lot's remaining stock and tell records and notifications which cases it reached")
    @PostMapping("/api/inventory/v1/recalls")
    @PreAuthorize("hasAnyRole('INVENTORY','ADMIN')")
    ResponseEntity<Recall> raise(@Valid @RequestBody RaiseRecall request) {
        List<CaseUsage> cases = affected(request.manufacturer(), request.sku(), request.lot(), request.serialFrom(), request.serialTo());
        long quarantined = request.lot() != null && request.sku() != null ? ledger.quarantine(request.sku(), request.lot()) : 0;
        Instant now = clock.instant();
        List<String> appointments = cases.stream().map(CaseUsage::appointmentId).distinct().toList();
        List<String> patients = cases.stream().map(CaseUsage::patientId).distinct().toList();
        Recall recall = new Recall(UUID.randomUUID().toString(), request.manufacturer(), request.sku(), request.lot(), request.serialFrom(),
                request.serialTo(), request.reason(), appointments, patients, quarantined, now);
        recalls.insert(recall, List.of(new RecallRaised(recall.id(), request.manufacturer(), request.sku(), request.lot(), appointments,
                patients, now)), null);
        return ResponseEntity.status(HttpStatus.CREATED).body(recall);
    }
}
