package health.liaison.billing.invoices;

import health.liaison.platform.events.billing.InstalmentOverdue;
import health.liaison.platform.events.billing.InvoiceOverdue;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds open invoices past their due date and plan instalments past theirs, and publishes InvoiceOverdue /
 * InstalmentOverdue once each (the notification service tells the patient). The "told" flag is set in the same
 * versioned write as the event, so two replicas sweeping together publish each once.
 */
@Component
@org.springframework.scheduling.annotation.EnableScheduling
class OverdueSweeper {

    private static final Logger log = LoggerFactory.getLogger(OverdueSweeper.class);

    private final MongoTemplate mongo;
    private final Invoices invoices;
    private final Clock clock;

    OverdueSweeper(MongoTemplate mongo, Invoices invoices, Clock clock) {
        this.mongo = mongo;
        this.invoices = invoices;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${liaison.billing.overdue-sweep-interval:PT1M}", initialDelayString = "PT5S")
    void sweep() {
        LocalDate today = LocalDate.now(clock);
        List<Document> candidates = new ArrayList<>();
        java.util.Date startOfToday = java.util.Date.from(today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        mongo.getCollection("invoices").find(new Document("status", "OPEN").append("$or", List.of(
                        new Document("overdueNotified", false).append("dueOn", new Document("$lt", startOfToday)),
                        new Document("plan", new Document("$elemMatch", new Document("overdueNotified", false)
                                .append("dueOn", new Document("$lt", startOfToday)))))))
                .projection(new Document("tenantId", 1)).limit(500).into(candidates);
        for (Document candidate : candidates) {
            String tenant = candidate.getString("tenantId");
            String id = candidate.getString("_id");
            try {
                Callers.runAs(Caller.system(tenant), () -> check(id, today));
            } catch (RuntimeException e) {
                log.warn("Overdue check of an invoice failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    private void check(String invoiceId, LocalDate today) {
        Instant now = clock.instant();
        Invoice seen = invoices.find(invoiceId).orElse(null);
        if (seen == null || seen.status() != Invoice.Status.OPEN) {
            return;
        }
        invoices.change(invoiceId, invoice -> {
            if (invoice.status() != Invoice.Status.OPEN) {
                return TenantStore.Change.quietly(invoice);
            }
            Invoice next = invoice;
            List<health.liaison.platform.events.DomainEvent> events = new ArrayList<>();
            if (invoice.plan().isEmpty() && !invoice.overdueNotified() && invoice.dueOn().isBefore(today)) {
                next = next.markOverdueNotified();
                events.add(new InvoiceOverdue(invoice.id(), invoice.patientId(), invoice.locationId(), invoice.dueOn(), now));
            }
            for (Invoice.Instalment instalment : invoice.overdueInstalments(today)) {
                if (!instalment.overdueNotified()) {
                    next = next.instalmentNotified(instalment.number());
                    events.add(new InstalmentOverdue(invoice.id(), instalment.number(), invoice.patientId(), invoice.locationId(),
                            instalment.dueOn(), now));
                }
            }
            return events.isEmpty() ? TenantStore.Change.quietly(invoice) : TenantStore.Change.of(next, events, invoice.locationId());
        });
    }
}
