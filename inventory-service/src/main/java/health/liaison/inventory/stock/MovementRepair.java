package health.liaison.inventory.stock;

import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Finishes movements a crash left PENDING (recorded, but the process stopped before or right after its bucket decided
 * it): each is decided exactly as its first try would have been — applied if its guard holds, refused if not, or just
 * written down when the bucket had applied it already. A movement younger than the grace period may still be on its
 * way and is left alone. Safe on every replica at once: deciding a movement is idempotent ({@link StockLedger}).
 */
@Component
class MovementRepair {

    private static final Logger log = LoggerFactory.getLogger(MovementRepair.class);

    private final StockMovements movements;
    private final StockLedger ledger;
    private final Clock clock;
    private final Duration grace;

    MovementRepair(StockMovements movements, StockLedger ledger, Clock clock,
                   @Value("${liaison.inventory.movement-repair-grace:PT1M}") Duration grace) {
        this.movements = movements;
        this.ledger = ledger;
        this.clock = clock;
        this.grace = grace;
    }

    @Scheduled(fixedDelayString = "${liaison.inventory.movement-repair-interval:PT1M}",
            initialDelayString = "${liaison.inventory.movement-repair-interval:PT1M}")
    void repair() {
        finishUndecided();
    }

    /** @return how many undecided movements were finished */
    int finishUndecided() {
        int finished = 0;
        for (Document pending : movements.undecidedBefore(clock.instant().minus(grace), 1000)) {
            try {
                Callers.runAs(Caller.system(pending.getString("tenantId")), () -> ledger.finish(pending));
                finished++;
            } catch (RuntimeException e) {
                log.warn("Finishing an undecided stock movement failed: {}", e.getClass().getSimpleName());
            }
        }
        if (finished > 0) {
            log.info("Finished {} stock movements left undecided", finished);
        }
        return finished;
    }
}
