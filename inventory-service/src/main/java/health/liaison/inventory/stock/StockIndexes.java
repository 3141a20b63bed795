package health.liaison.inventory.stock;

import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The expiry sweep's work list: lots still on hand and not quarantined, by expiry date. Partial on stock on hand
 * (which the sweep's query states), so empty lots — most lots, after a few years — are not in it at all.
 */
@Component
class StockIndexes {

    StockIndexes(MongoTemplate mongo) {
        mongo.getCollection(StockLedger.COLLECTION).createIndex(new Document("quarantined", 1).append("expiresOn", 1),
                new IndexOptions().name("expiry_due").partialFilterExpression(new Document("onHand", new Document("$gt", 0))));
    }
}
