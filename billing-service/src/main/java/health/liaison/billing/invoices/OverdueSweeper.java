package health.liaison.billing.invoices;

import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.billing.InstalmentOverdue;
import health.liaison.platform.events.billing.InvoiceOverdue;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Finds open invoices past their due date and plan instalments past theirs, and publishes InvoiceOverdue /
 * InstalmentOverdue once each (the notification service tells the patient). The "told" flag is set in the same
 * versioned write as the event, so two replicas sweeping together publish each once.
 *
 * <p>"Past due" is in the invoice's clinic's local date (UTC for a clinic billing has not heard of): an invoice due on
 * the 5th is overdue from the clinic's midnight of the 6th. Local dates are at most one day either side of the UTC
 * date, so the sweep reads what is certainly overdue anywhere (due before UTC yesterday) and, separately, what may be
 * at some clinic (due UTC yesterday or today), and decides each by its clinic's date.
 */
@Component
@EnableScheduling
class OverdueSweeper {

    private static final Logger log = LoggerFactory.getLogger(OverdueSweeper.class);

    private final MongoTemplate mongo;
    private final Invoices invoices;
    private final ClinicZones clinics;
    private final Clock clock;

    OverdueSweeper(MongoTemplate mongo, Invoices invoices, ClinicZones clinics, Clock clock) {
        this.mongo = mongo;
        this.invoices = invoices;
        this.clinics = clinics;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${liaison.billing.overdue-sweep-interval:PT1M}", initialDelayString = "PT5S")
    void sweep() {
        LocalDate utcToday = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Document> candidates = new ArrayList<>();
        // certainly overdue at every clinic, then the two days a clinic's zone decides
        candidates.addAll(dueWithin(null, utcToday.minusDays(1)));
        candidates.addAll(dueWithin(utcToday.minusDays(1), utcToday.plusDays(1)));
        for (Document candidate : candidates) {
            String tenant = candidate.getString("tenantId");
            String id = candidate.getString("_id");
            try {
                Callers.runAs(Caller.system(tenant), () -> check(id));
            } catch (RuntimeException e) {
                log.warn("Overdue check of an invoice failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Open invoices with an untold due date (their own or an instalment's) on or after {@code from} (any, when null)
     * and before {@code before}. A stored {@code LocalDate} is the UTC midnight of that date, whatever the clinic.
     */
    private List<Document> dueWithin(LocalDate from, LocalDate before) {
        Document range = new Document("$lt", stored(before));
        if (from != null) {
            range.append("$gte", stored(from));
        }
        return mongo.getCollection("invoices").find(new Document("status", "OPEN").append("$or", List.of(
                        new Document("overdueNotified", false).append("dueOn", range),
                        new Document("plan", new Document("$elemMatch", new Document("overdueNotified", false)
                                .append("dueOn", range))))))
                .projection(new Document("tenantId", 1)).limit(500).into(new ArrayList<>());
    }

    private static Date stored(LocalDate date) {
        return Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private void check(String invoiceId) {
        Instant now = clock.instant();
        Invoice seen = invoices.find(invoiceId).orElse(null);
        if (seen == null || seen.status() != Invoice.Status.OPEN) {
            return;
        }
        LocalDate today = clinics.of(seen.locationId()).today(clock);
        invoices.change(invoiceId, invoice -> {
            if (invoice.status() != Invoice.Status.OPEN) {
                return TenantStore.Change.quietly(invoice);
            }
            Invoice next = invoice;
            List<DomainEvent> events = new ArrayList<>();
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
