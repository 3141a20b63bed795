package health.liaison.inventory.stock;

import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Par levels and reorder points per clinic and item, and the alerts a stock room acts on: below the reorder point
 * (with the quantity to order to get back to par), lots expiring within 30/60/90 days, expired or quarantined stock.
 */
@RestController
@PreAuthorize("hasAnyRole('INVENTORY','NURSE','COORDINATOR','ADMIN')")
class Alerts {

    private final ReorderPoints points;
    private final StockLedger ledger;
    private final ClinicZones clinics;
    private final Clock clock;

    Alerts(ReorderPoints points, StockLedger ledger, ClinicZones clinics, Clock clock) {
        this.points = points;
        this.ledger = ledger;
        this.clinics = clinics;
        this.clock = clock;
    }

    record ParLevelView(String locationId, String sku, int parLevel, int reorderPoint) {
    }

    record DefineLevel(@Min(0) @Max(100000) int parLevel, @Min(0) @Max(100000) int reorderPoint) {
    }

    @Operation(summary = "Set an item's par level and reorder point at a clinic (stock already below it raises the alert)")
    @PutMapping("/api/inventory/v1/par-levels/{locationId}/{sku}")
    ParLevelView define(@PathVariable String locationId, @PathVariable String sku, @Valid @RequestBody DefineLevel request) {
        if (request.reorderPoint() > request.parLevel()) {
            throw ApiProblem.invalid("reorderPoint", "must not be above the par level");
        }
        ReorderPoints.ParLevel level = points.define(locationId, sku, request.parLevel(), request.reorderPoint());
        ledger.recheck(locationId, sku);
        return new ParLevelView(level.locationId(), level.sku(), level.parLevel(), level.reorderPoint());
    }

    record Reorder(String sku, int available, int reorderPoint, int parLevel, int suggestedQuantity) {
    }

    record Expiring(String sku, String lot, String serial, String expiresOn, int withinDays, int onHand) {
    }

    record Report(String locationId, List<Reorder> belowReorderPoint, List<Expiring> expiring, List<Expiring> expiredOrQuarantined) {
    }

    @Operation(summary = "A clinic's stock alerts: reorder suggestions, lots expiring within 30/60/90 days, expired or quarantined "
            + "stock, counted in the clinic's local days")
    @GetMapping("/api/inventory/v1/alerts")
    Report alerts(@RequestParam String locationId) {
        LocalDate today = clinics.of(locationId).today(clock);
        List<StockBucket> stock = ledger.at(locationId, null);
        Map<String, Integer> available = new LinkedHashMap<>();
        List<Expiring> expiring = new ArrayList<>();
        List<Expiring> dead = new ArrayList<>();
        for (StockBucket b : stock) {
            boolean expired = b.expiresOn() != null && ExpiryRule.expired(today, LocalDate.parse(b.expiresOn()));
            if (expired || b.quarantined()) {
                if (b.onHand() > 0) {
                    dead.add(new Expiring(b.sku(), b.lot(), b.serial(), b.expiresOn(), 0, b.onHand()));
                }
                continue;
            }
            available.merge(b.sku(), b.available(), Integer::sum);
            if (b.expiresOn() != null && b.onHand() > 0) {
                ExpiryRule.threshold(today, LocalDate.parse(b.expiresOn())).ifPresent(within ->
                        expiring.add(new Expiring(b.sku(), b.lot(), b.serial(), b.expiresOn(), within, b.onHand())));
            }
        }
        List<Reorder> reorder = new ArrayList<>();
        for (ReorderPoints.ParLevel level : points.levelsAt(locationId)) {
            int have = available.getOrDefault(level.sku(), 0);
            if (ReorderRule.below(have, level.reorderPoint())) {
                reorder.add(new Reorder(level.sku(), have, level.reorderPoint(), level.parLevel(), level.parLevel() - have));
            }
        }
        return new Report(locationId, reorder, expiring, dead);
    }
}
