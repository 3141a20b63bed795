package health.liaison.inventory.stock;

import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A stock bucket's history: its movements, newest first, one page at a time. */
@RestController
@PreAuthorize("hasAnyRole('INVENTORY','NURSE','COORDINATOR','PROVIDER','ADMIN')")
class StockHistoryController {

    private final StockLedger ledger;

    StockHistoryController(StockLedger ledger) {
        this.ledger = ledger;
    }

    @Operation(summary = "A stock bucket's movements (receipts, reservations, releases, use, write-offs), newest first, paged")
    @GetMapping("/api/inventory/v1/stock/{bucketId}/movements")
    Page<StockMovement> movements(@PathVariable String bucketId, @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer size) {
        return ledger.history(bucketId, Paging.of(page, size));
    }
}
