package health.liaison.inventory.purchasing;

import health.liaison.inventory.catalog.Catalog;
import health.liaison.inventory.catalog.Item;
import health.liaison.inventory.stock.StockBucket;
import health.liaison.inventory.stock.StockLedger;
import health.liaison.inventory.udi.Udi;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replenishment: suggestions from par levels, what is available and what booked cases could not get (their
 * shortages); purchase orders from draft to closed, received line by line with lot and expiry (or a UDI scan); and
 * transfers between clinics, in transit until received.
 */
@RestController
@PreAuthorize("hasAnyRole('INVENTORY','ADMIN')")
class Purchasing {

    private final TenantStore<PurchaseOrder> orders;
    private final TenantStore<Transfer> transfers;
    private final StockLedger ledger;
    private final Catalog catalog;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final ClinicZones clinics;
    private final IdempotentRequests idempotency;

    Purchasing(TenantStores stores, StockLedger ledger, Catalog catalog, MongoTemplate mongo, ClinicZones clinics, Clock clock,
               IdempotentRequests idempotency) {
        this.clinics = clinics;
        this.idempotency = idempotency;
        this.orders = stores.of(PurchaseOrder.class, "purchase_orders", "purchase order");
        this.transfers = stores.of(Transfer.class, "transfers", "transfer");
        this.ledger = ledger;
        this.catalog = catalog;
        this.mongo = mongo;
        this.clock = clock;
    }

    record PurchaseOrder(String id, String locationId, String vendorId, String status, List<Line> lines, String createdBy,
                         String approvedBy, Instant createdAt, Instant updatedAt) {
        record Line(String sku, int packs, int unitsPerPack, int receivedUnits, BigDecimal packPrice, String currency) {
        }

        PurchaseOrder with(String newStatus, List<Line> newLines, String approver, Instant at) {
            return new PurchaseOrder(id, locationId, vendorId, newStatus, newLines, createdBy, approver, createdAt, at);
        }
    }

    record Suggestion(String sku, int parLevel, int reorderPoint, int available, int shortOnBookedCases, int suggestedUnits,
                      int suggestedPacks, String vendorId, BigDecimal packPrice, String currency) {
    }

    @Operation(summary = "What to order for a clinic: below reorder point, counting booked cases whose kits fell short")
    @GetMapping("/api/inventory/v1/replenishment")
    List<Suggestion> suggestions(@RequestParam String locationId) {
        String tenant = Callers.current().tenantId();
        Map<String, Integer> shortages = new java.util.HashMap<>();
        for (org.bson.Document c : mongo.getCollection("case_reservations").find(new org.bson.Document("tenantId", tenant)
                .append("locationId", locationId).append("status", "FAILED"))) {
            for (org.bson.Document s : c.getList("shortages", org.bson.Document.class, List.of())) {
                shortages.merge(s.getString("sku"), s.getInteger("needed") - s.getInteger("available"), Integer::sum);
            }
        }
        List<Suggestion> result = new ArrayList<>();
        LocalDate today = clinics.of(locationId).today(clock);
        for (org.bson.Document level : mongo.getCollection("par_levels").find(new org.bson.Document("tenantId", tenant)
                .append("locationId", locationId))) {
            String sku = level.getString("sku");
            int available = ledger.available(locationId, sku, today);
            int short_ = Math.max(0, shortages.getOrDefault(sku, 0));
            int par = level.getInteger("parLevel");
            int reorder = level.getInteger("reorderPoint");
            if (available - short_ >= reorder) {
                continue;
            }
            int units = par - available + short_;
            Item item = catalog.find(sku).orElse(null);
            int perPack = item == null ? 1 : item.unitsPerPack();
            Item.VendorPrice cheapest = item == null ? null : item.vendors().stream().min(Comparator.comparing(Item.VendorPrice::packPrice)).orElse(null);
            result.add(new Suggestion(sku, par, reorder, available, short_, units, (units + perPack - 1) / perPack,
                    cheapest == null ? null : cheapest.vendorId(), cheapest == null ? null : cheapest.packPrice(),
                    cheapest == null ? null : cheapest.currency()));
        }
        return result;
    }

    record Order(@NotBlank String locationId, @NotBlank String vendorId,
                 @NotEmpty @Size(max = 200) List<@Valid OrderLine> lines) {
        record OrderLine(@NotBlank String sku, @Min(1) @Max(10000) int packs) {
        }
    }

    @Operation(summary = "Draft a purchase order")
    @PostMapping("/api/inventory/v1/purchase-orders")
    ResponseEntity<PurchaseOrder> draft(@Valid @RequestBody Order request) {
        List<PurchaseOrder.Line> lines = new ArrayList<>();
        for (Order.OrderLine line : request.lines()) {
            Item item = catalog.find(line.sku()).orElseThrow(() -> ApiProblem.invalid("lines.sku", line.sku() + " is not in the catalog"));
            Item.VendorPrice price = item.vendors().stream().filter(v -> v.vendorId().equals(request.vendorId())).findFirst().orElse(null);
            lines.add(new PurchaseOrder.Line(line.sku(), line.packs(), item.unitsPerPack(), 0, price == null ? null : price.packPrice(),
                    price == null ? null : price.currency()));
        }
        Instant now = clock.instant();
        PurchaseOrder order = new PurchaseOrder(UUID.randomUUID().toString(), request.locationId(), request.vendorId(), "DRAFT", lines,
                Callers.current().userId(), null, now, now);
        orders.insert(order, List.of(), request.locationId());
        return ResponseEntity.status(HttpStatus.CREATED).body(order);
    }

    @Operation(summary = "Approve a drafted purchase order (not by the person who drafted it)")
    @PostMapping("/api/inventory/v1/purchase-orders/{orderId}/approval")
    PurchaseOrder approve(@PathVariable String orderId) {
        String by = Callers.current().userId();
        return step(orderId, "DRAFT", "APPROVED", o -> {
            if (by.equals(o.createdBy())) {
                throw ApiProblem.forbidden("The person who drafted an order cannot approve it.");
            }
            return by;
        });
    }

    @Operation(summary = "Mark an approved purchase order as sent to the vendor")
    @PostMapping("/api/inventory/v1/purchase-orders/{orderId}/sent")
    PurchaseOrder send(@PathVariable String orderId) {
        return step(orderId, "APPROVED", "SENT", PurchaseOrder::approvedBy);
    }

    @Operation(summary = "Close a purchase order (nothing more will arrive)")
    @PostMapping("/api/inventory/v1/purchase-orders/{orderId}/closure")
    PurchaseOrder close(@PathVariable String orderId) {
        Instant now = clock.instant();
        return orders.modify(orderId, o -> {
            if (!List.of("SENT", "PARTIALLY_RECEIVED", "RECEIVED").contains(o.status())) {
                throw ApiProblem.conflict("illegal-transition", "Only a sent or received order can be closed; this one is " + o.status() + ".");
            }
            return TenantStore.Change.quietly(o.with("CLOSED", o.lines(), o.approvedBy(), now));
        }).value();
    }

    record ReceiveLine(@NotBlank String sku, @Min(1) @Max(100000) int quantity, @Size(max = 20) String lot, @Size(max = 20) String serial,
                       @WithinTimeBounds(horizon = "P30Y") LocalDate expiresOn, @Size(max = 200) String udi, @Size(max = 40) String place) {
    }

    @Operation(summary = "Receive (part of) a purchase order line into stock, with lot/serial/expiry or a UDI scan")
    @PostMapping("/api/inventory/v1/purchase-orders/{orderId}/receipts")
    PurchaseOrder receive(@PathVariable String orderId, @Valid @RequestBody ReceiveLine request,
                          @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        PurchaseOrder order = orders.get(orderId).value();
        if (order.lines().stream().noneMatch(l -> l.sku().equals(request.sku()))) {
            throw ApiProblem.invalid("sku", "is not on this order");
        }
        String lot = request.lot();
        String serial = request.serial();
        LocalDate expires = request.expiresOn();
        if (request.udi() != null) {
            try {
                Udi udi = Udi.parse(request.udi());
                lot = lot == null ? udi.lot() : lot;
                serial = serial == null ? udi.serial() : serial;
                expires = expires == null ? udi.expiresOn() : expires;
            } catch (Udi.Malformed malformed) {
                throw ApiProblem.invalid("udi", malformed.getMessage());
            }
        }
        Item item = catalog.find(request.sku()).orElseThrow();
        if (item.tracking() == Item.Tracking.LOT && lot == null) {
            throw ApiProblem.invalid("lot", "is required: " + item.sku() + " is tracked by lot");
        }
        if (item.tracking() == Item.Tracking.SERIAL && (serial == null || request.quantity() != 1)) {
            throw ApiProblem.invalid("serial", "one serial-numbered unit is received at a time, with its serial");
        }
        if (item.expires() && expires == null) {
            throw ApiProblem.invalid("expiresOn", "is required: " + item.sku() + " expires");
        }
        String itemLot = item.tracking() == Item.Tracking.NONE ? null : lot;
        String itemSerial = item.tracking() == Item.Tracking.SERIAL ? serial : null;
        String expiresOn = expires == null ? null : expires.toString();
        // one receipt per key (IdempotentRequests derives the movement id; another body with the key is 422): a
        // retry neither receives the stock again nor counts it on the order line twice
        idempotency.run("po-receipt:" + orderId, key, request.toString(), movementId -> {
            // checked once the key is claimed, so a retry of a receipt that completed the order replays it
            PurchaseOrder current = orders.get(orderId).value();
            if (!List.of("SENT", "PARTIALLY_RECEIVED").contains(current.status())) {
                throw ApiProblem.conflict("illegal-transition", "Receive against a sent order; this one is " + current.status() + ".");
            }
            PurchaseOrder.Line line = current.lines().stream().filter(l -> l.sku().equals(request.sku())).findFirst().orElseThrow();
            if (line.receivedUnits() + request.quantity() > line.packs() * line.unitsPerPack()) {
                throw ApiProblem.unprocessable("over-receipt", "Only " + (line.packs() * line.unitsPerPack() - line.receivedUnits())
                        + " units of " + request.sku() + " are still expected on this order.");
            }
            StockBucket bucket = ledger.receive(movementId, order.locationId(), request.place() == null ? "main" : request.place(),
                    item.sku(), itemLot, itemSerial, expiresOn, request.quantity(), "po:" + orderId);
            boolean counted = ledger.applied(bucket.id(), movementId);
            Instant now = clock.instant();
            orders.modify(orderId, o -> {
                if (o.lines().stream().noneMatch(l -> l.sku().equals(request.sku())) || !counted) {
                    return TenantStore.Change.quietly(o);
                }
                List<PurchaseOrder.Line> lines = o.lines().stream().map(l -> l.sku().equals(request.sku())
                        ? new PurchaseOrder.Line(l.sku(), l.packs(), l.unitsPerPack(), l.receivedUnits() + request.quantity(), l.packPrice(), l.currency())
                        : l).toList();
                boolean complete = lines.stream().allMatch(l -> l.receivedUnits() >= l.packs() * l.unitsPerPack());
                return TenantStore.Change.quietly(o.with(complete ? "RECEIVED" : "PARTIALLY_RECEIVED", lines, o.approvedBy(), now));
            });
            return movementId;
        });
        return orders.get(orderId).value();
    }

    record Transfer(String id, String sku, String fromLocationId, String toLocationId, String bucketId, String lot, String serial,
                    String expiresOn, int quantity, String status, Instant sentAt, Instant receivedAt) {
    }

    record SendTransfer(@NotBlank String bucketId, @NotBlank String toLocationId, @Min(1) @Max(100000) int quantity) {
    }

    @Operation(summary = "Send stock to another clinic: it leaves at once and is in transit until received")
    @PostMapping("/api/inventory/v1/transfers")
    ResponseEntity<Transfer> transfer(@Valid @RequestBody SendTransfer request) {
        StockBucket from = ledger.find(request.bucketId()).orElseThrow(() -> ApiProblem.notFound("stock"));
        if (from.locationId().equals(request.toLocationId())) {
            throw ApiProblem.invalid("toLocationId", "must be another clinic");
        }
        String id = UUID.randomUUID().toString();
        if (from.serial() == null && !ledger.take("transfer-out:" + id, "TRANSFER_OUT", from.id(), request.quantity(), "transfer:" + id, null)) {
            throw ApiProblem.unprocessable("insufficient-stock", "Not that much is available to send.");
        }
        if (from.serial() != null && request.quantity() != 1) {
            throw ApiProblem.invalid("quantity", "a serial-numbered unit moves one at a time");
        }
        Transfer transfer = new Transfer(id, from.sku(), from.locationId(), request.toLocationId(), from.id(), from.lot(), from.serial(),
                from.expiresOn(), request.quantity(), "IN_TRANSIT", clock.instant(), null);
        transfers.insert(transfer, List.of(), from.locationId());
        return ResponseEntity.status(HttpStatus.CREATED).body(transfer);
    }

    @Operation(summary = "Receive a transfer at the destination clinic")
    @PostMapping("/api/inventory/v1/transfers/{transferId}/receipt")
    Transfer receiveTransfer(@PathVariable String transferId) {
        Transfer t = transfers.get(transferId).value();
        if (!"IN_TRANSIT".equals(t.status())) {
            return t;
        }
        if (t.serial() != null) {
            if (!ledger.relocateSerial("transfer-in:" + t.id(), t.bucketId(), t.toLocationId(), "main", "transfer:" + t.id())) {
                throw ApiProblem.conflict("serial-unavailable", "The unit is reserved or gone; it cannot be moved.");
            }
        } else {
            ledger.receive("transfer-in:" + t.id(), t.toLocationId(), "main", t.sku(), t.lot(), null, t.expiresOn(), t.quantity(), "transfer:" + t.id());
        }
        Instant now = clock.instant();
        return transfers.modify(transferId, x -> TenantStore.Change.quietly(new Transfer(x.id(), x.sku(), x.fromLocationId(), x.toLocationId(),
                x.bucketId(), x.lot(), x.serial(), x.expiresOn(), x.quantity(), "RECEIVED", x.sentAt(), now))).value();
    }

    private PurchaseOrder step(String orderId, String from, String to, java.util.function.Function<PurchaseOrder, String> approver) {
        Instant now = clock.instant();
        return orders.modify(orderId, o -> {
            if (!from.equals(o.status())) {
                throw ApiProblem.conflict("illegal-transition", "Only a " + from + " order can become " + to + "; this one is " + o.status() + ".");
            }
            return TenantStore.Change.quietly(o.with(to, o.lines(), approver.apply(o), now));
        }).value();
    }

}
