package health.liaison.insights.facts;

import com.mongodb.client.model.Indexes;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** The indexes the measures read by: practice group, clinic and the clock a table counts by. */
@Component
class ReadModelIndexes {

    private static final Map<String, List<String>> CLOCKS = Map.ofEntries(
            Map.entry(ReadModels.VISITS, List.of("start")),
            Map.entry(ReadModels.INQUIRIES, List.of("receivedAt")),
            Map.entry(ReadModels.TASKS, List.of("dueAt")),
            Map.entry(ReadModels.QUOTES, List.of("issuedAt", "acceptedAt")),
            Map.entry(ReadModels.DEPOSITS, List.of("invoicedAt", "paidAt")),
            Map.entry(ReadModels.PAYMENTS, List.of("receivedAt")),
            Map.entry(ReadModels.REFUNDS, List.of("issuedAt")),
            Map.entry(ReadModels.OVERDUE_INVOICES, List.of("detectedAt")),
            Map.entry(ReadModels.CLAIMS, List.of("submittedAt", "paidAt", "deniedAt")),
            Map.entry(ReadModels.COMPLAINTS, List.of("openedAt")),
            Map.entry(ReadModels.STOCK_OUTS, List.of("failedAt")));

    ReadModelIndexes(MongoTemplate mongo) {
        CLOCKS.forEach((collection, clocks) -> clocks.forEach(clock -> mongo.getCollection(collection)
                .createIndex(Indexes.ascending(FactStore.TENANT, "locationId", clock))));
        mongo.getCollection(ReadModels.QUOTES).createIndex(Indexes.ascending(FactStore.TENANT, "patientId"));
    }
}
