package health.liaison.platform.testapp;

import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.validation.WithinTimeBounds;
import health.liaison.platform.web.IdempotentRequests;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A minimal service built only from the platform starter, to prove the platform's mechanisms on real Kafka and
 * MongoDB: a chart whose creation publishes PatientRegistered through the outbox, and a deliberately
 * non-idempotent reaction (a counter incremented per handled event) that only the inbox keeps from double counting.
 */
@SpringBootApplication
public class ChartTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChartTestApplication.class, args);
    }

    public record Chart(String id, String locationId, String label) {
    }

    public record OpenChart(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}") String locationId, @NotBlank String label,
                            @WithinTimeBounds Instant reviewAt) {
    }

    public record ChartView(String id, String locationId, String label) {
    }

    @RestController
    static class Charts {
        private final TenantStore<Chart> store;
        private final IdempotentRequests idempotency;

        Charts(TenantStores stores, IdempotentRequests idempotency) {
            this.store = stores.of(Chart.class, "charts", "chart");
            this.idempotency = idempotency;
        }

        @PostMapping("/api/test/v1/charts")
        ResponseEntity<ChartView> open(@Valid @RequestBody OpenChart request,
                                       @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
            IdempotentRequests.Outcome outcome = idempotency.run("open-chart", key, request.toString(), id -> {
                Chart chart = new Chart(id, request.locationId(), request.label());
                store.insert(chart, List.of(new PatientRegistered(id, request.locationId(), Instant.now())), request.locationId());
                return id;
            });
            Versioned<Chart> chart = store.get(outcome.resourceId());
            return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                    .location(URI.create("/api/test/v1/charts/" + chart.value().id()))
                    .eTag(chart.etag()).body(view(chart.value()));
        }

        @GetMapping("/api/test/v1/charts/{id}")
        ResponseEntity<ChartView> read(@PathVariable String id) {
            Versioned<Chart> chart = store.get(id);
            return ResponseEntity.ok().eTag(chart.etag()).body(view(chart.value()));
        }

        @PutMapping("/api/test/v1/charts/{id}")
        ResponseEntity<ChartView> relabel(@PathVariable String id, @Valid @RequestBody OpenChart request,
                                          @RequestHeader(name = "If-Match", required = false) String ifMatch) {
            long expected = health.liaison.platform.web.ETags.expectedVersion(ifMatch);
            Chart current = store.get(id).value();
            Versioned<Chart> saved = store.update(id, expected, new Chart(id, current.locationId(), request.label()), List.of(), null);
            return ResponseEntity.ok().eTag(saved.etag()).body(view(saved.value()));
        }

        private static ChartView view(Chart chart) {
            return new ChartView(chart.id(), chart.locationId(), chart.label());
        }
    }

    /** Counts handled PatientRegistered events per patient with a plain $inc: not idempotent on its own. */
    @Component
    static class RegistrationCounter {
        static final String COLLECTION = "registration_counts";
        private final EventInbox.Reaction reaction;
        private final MongoTemplate mongo;

        RegistrationCounter(EventInbox inbox, MongoTemplate mongo) {
            this.mongo = mongo;
            this.reaction = inbox.reaction("registration-counter").on(PatientRegistered.class, event -> {
                if (event.payload().locationId().equals("poison-in-handler")) {
                    throw new IllegalStateException("handler refuses this clinic");
                }
                mongo.getCollection(COLLECTION).updateOne(
                        new Document("_id", event.payload().patientId()),
                        new Document("$inc", new Document("count", 1)).append("$set", new Document("tenantId", Callers.current().tenantId())),
                        new com.mongodb.client.model.UpdateOptions().upsert(true));
            });
        }

        @KafkaListener(topics = health.liaison.platform.events.Topics.RECORDS_PATIENT, groupId = "chart-test-counter")
        void on(ConsumerRecord<String, byte[]> record) {
            reaction.accept(record);
        }
    }
}
