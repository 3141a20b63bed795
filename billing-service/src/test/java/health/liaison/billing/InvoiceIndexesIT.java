package health.liaison.billing;

import health.liaison.platform.testing.RealInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Billing's work lists are indexed: the overdue sweep reads only the overdue invoices and instalments. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "liaison.billing.encryption.dev-key-directory=${java.io.tmpdir}/liaison-billing-test-keys")
@RealInfrastructure
class InvoiceIndexesIT {

    @Autowired
    MongoTemplate mongo;

    @Test
    void theOverdueSweepHasAnIndexForEachOfItsQuestions() {
        List<Document> keys = new ArrayList<>();
        for (Document index : mongo.getCollection("invoices").listIndexes()) {
            Document key = new Document();
            index.get("key", Document.class).forEach((field, order) -> key.append(field, ((Number) order).intValue()));
            keys.add(key);
        }
        assertThat(keys).contains(new Document("status", 1).append("overdueNotified", 1).append("dueOn", 1),
                new Document("status", 1).append("plan.overdueNotified", 1).append("plan.dueOn", 1));
    }
}
