package health.liaison.inventory;

import health.liaison.platform.testing.RealInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The expiry sweep's work list is a partial index over lots on hand, by expiry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class StockIndexesIT {

    @Autowired
    MongoTemplate mongo;

    @Test
    void theExpirySweepReadsAnIndexOfLotsOnHandByExpiry() {
        Document expiry = null;
        for (Document index : mongo.getCollection("stock").listIndexes()) {
            if ("expiry_due".equals(index.getString("name"))) {
                expiry = index;
            }
        }
        assertThat(expiry).isNotNull();
        assertThat(expiry.get("key", Document.class).keySet()).containsExactly("quarantined", "expiresOn");
        assertThat(expiry.get("partialFilterExpression", Document.class))
                .isEqualTo(new Document("onHand", new Document("$gt", 0)));
    }
}
