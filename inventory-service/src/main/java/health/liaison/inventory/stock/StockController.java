package health.liaison.inventory.stock;

import health.liaison.inventory.catalog.Catalog;
import health.liaison.inventory.catalog.Item;
import health.liaison.inventory.udi.Udi;
import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.IdempotentRequests;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Receiving (with UDI scans), counts, write-offs, manual reservations and balances per clinic. */
@RestController
@PreAuthorize("hasAnyRole('INVENTORY','NURSE','COORDINATOR','PROVIDER','ADMIN')")
class StockController {

    private final StockLedger ledger;
    private final Catalog catalog;
    private final IdempotentRequests idempotency;
    private final ClinicZones clinics;
    private final Clock clock;

    StockController(StockLedger ledger, Catalog catalog, IdempotentRequests idempotency, ClinicZones clinics, Clock clock) {
        this.clinics = clinics;
        this.clock = clock;
        this.ledger = ledger;
        this.catalog = catalog;
        this.idempotency = idempotency;
    }

    record Receive(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId,
                   @Size(max = 40) String place, @Pattern(regexp = "[A-Z0-9-]{1,40}") String sku,
                   @Size(max = 200) String udi, @Size(max = 20) String lot, @Size(max = 20) String serial,
                   @WithinTimeBounds(horizon = "P30Y") LocalDate expiresOn, @Min(1) @Max(100000) Integer quantity, @Size(max = 64) String purchaseOrderId) {
    }

    @Operation(summary = "Receive stock: by SKU with lot/serial/expiry, or by a scanned GS1 UDI that fills them")
    @PostMapping("/api/inventory/v1/stock/receipts")
    ResponseEntity<StockBucket> receive(@Valid @RequestBody Receive request,
                                        @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        requireClinic(request.locationId());
        String sku = request.sku();
        String lot = request.lot();
        String serial = request.serial();
        LocalDate expires = request.expiresOn();
        if (request.udi() != null) {
            Udi udi;
            try {
                udi = Udi.parse(request.udi());
            } catch (Udi.Malformed malformed) {
                throw ApiProblem.invalid("udi", malformed.getMessage());
            }
            Item byGtin = catalog.byGtin(udi.gtin()).orElseThrow(() -> ApiProblem.invalid("udi", "GTIN " + udi.gtin() + " is not in the catalog"));
            if (sku != null && !sku.equals(byGtin.sku())) {
                throw ApiProblem.invalid("sku", "does not match the scanned GTIN (" + byGtin.sku() + ")");
            }
            sku = byGtin.sku();
            lot = lot == null ? udi.lot() : lot;
            serial = serial == null ? udi.serial() : serial;
            expires = expires == null ? udi.expiresOn() : expires;
        }
        if (sku == null) {
            throw ApiProblem.invalid("sku", "give the SKU or scan the UDI");
        }
        String itemSku = sku;
        Item item = catalog.find(sku).orElseThrow(() -> ApiProblem.invalid("sku", itemSku + " is not in the catalog"));
        int quantity = request.quantity() == null ? 1 : request.quantity();
        switch (item.tracking()) {
            case SERIAL -> {
                if (serial == null) {
                    throw ApiProblem.invalid("serial", "is required: " + sku + " is tracked by serial number");
                }
                if (quantity != 1) {
                    throw ApiProblem.invalid("quantity", "must be 1 for a serial-numbered item");
                }
            }
            case LOT -> {
                if (lot == null) {
                    throw ApiProblem.invalid("lot", "is required: " + sku + " is tracked by lot");
                }
            }
            case NONE -> {
                if (serial != null) {
                    throw ApiProblem.invalid("serial", sku + " is not tracked by serial number");
                }
            }
        }
        if (item.expires() && expires == null) {
            throw ApiProblem.invalid("expiresOn", "is required: " + sku + " expires");
        }
        String itemLot = item.tracking() == Item.Tracking.NONE ? null : lot;
        String itemSerial = item.tracking() == Item.Tracking.SERIAL ? serial : null;
        String expiresOn = expires == null ? null : expires.toString();
        // the key's movement id is derived by IdempotentRequests; another body with the same key is 422
        IdempotentRequests.Outcome outcome = idempotency.run("stock-receipt", key, request.toString(), movementId ->
                ledger.receive(movementId, request.locationId(), request.place() == null ? "main" : request.place(), itemSku,
                        itemLot, itemSerial, expiresOn, quantity, request.purchaseOrderId()).id());
        StockBucket bucket = ledger.find(outcome.resourceId()).orElseThrow(() -> ApiProblem.notFound("stock"));
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(bucket);
    }

    @Operation(summary = "Stock at a clinic by lot and serial, with what is reserved and available")
    @GetMapping("/api/inventory/v1/stock")
    List<StockBucket> stock(@RequestParam String locationId, @RequestParam(required = false) String sku) {
        return ledger.at(locationId, sku);
    }

    record Reserve(@NotBlank String locationId, @NotBlank String sku, @Min(1) @Max(1000) int quantity,
                   @NotBlank @Size(max = 64) String reference, @WithinTimeBounds LocalDate neededOn) {
    }

    @Operation(summary = "Reserve stock for a case or a procedure, first-expiry-first-out (409 when not enough is available)")
    @PostMapping("/api/inventory/v1/stock/reservations")
    ResponseEntity<List<StockLedger.Allocation>> reserve(@Valid @RequestBody Reserve request) {
        requireClinic(request.locationId());
        if (catalog.find(request.sku()).isEmpty()) {
            throw ApiProblem.invalid("sku", request.sku() + " is not in the catalog");
        }
        LocalDate on = request.neededOn() == null ? clinics.of(request.locationId()).today(clock) : request.neededOn();
        String reference = request.reference() + ":" + UUID.randomUUID();
        return ledger.reserve(reference, request.locationId(), request.sku(), request.quantity(), on)
                .map(a -> ResponseEntity.status(HttpStatus.CREATED).body(a))
                .orElseThrow(() -> ApiProblem.conflict("insufficient-stock", "Only " + ledger.available(request.locationId(), request.sku(), on)
                        + " of " + request.sku() + " are available at " + request.locationId() + ".", Map.of("field", "quantity")));
    }

    record WriteOff(@NotBlank String bucketId, @Min(1) @Max(100000) int quantity,
                    @NotBlank @Pattern(regexp = "WASTE|EXPIRE|DAMAGED", message = "must be WASTE, EXPIRE or DAMAGED") String reason) {
    }

    @Operation(summary = "Write off stock (waste, expired, damaged); never more than is available")
    @PostMapping("/api/inventory/v1/stock/write-offs")
    StockBucket writeOff(@Valid @RequestBody WriteOff request) {
        ledger.find(request.bucketId()).orElseThrow(() -> ApiProblem.notFound("stock"));
        if (!ledger.take(UUID.randomUUID().toString(), "EXPIRE".equals(request.reason()) ? "EXPIRE" : "WASTE", request.bucketId(),
                request.quantity(), null, request.reason())) {
            throw ApiProblem.unprocessable("insufficient-stock", "Not that much is available in this stock (reserved stock cannot be written off).");
        }
        return ledger.find(request.bucketId()).orElseThrow();
    }

    record Adjust(@NotBlank String bucketId, int delta, @NotBlank @Size(max = 200) String reason) {
    }

    @Operation(summary = "Correct a count (positive or negative delta, with a reason)")
    @PostMapping("/api/inventory/v1/stock/adjustments")
    StockBucket adjust(@Valid @RequestBody Adjust request) {
        ledger.find(request.bucketId()).orElseThrow(() -> ApiProblem.notFound("stock"));
        if (request.delta() == 0) {
            throw ApiProblem.invalid("delta", "must not be zero");
        }
        if (!ledger.adjust(UUID.randomUUID().toString(), request.bucketId(), request.delta(), request.reason())) {
            throw ApiProblem.unprocessable("insufficient-stock", "The count cannot drop below what is reserved.");
        }
        return ledger.find(request.bucketId()).orElseThrow();
    }

    private static void requireClinic(String locationId) {
        if (!Callers.current().worksAt(locationId) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
    }
}
