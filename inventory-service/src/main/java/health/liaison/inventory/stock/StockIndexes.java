package health.liaison.inventory.stock;

import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The expiry sweep's work list: lots still on hand and not quarantined, by expiry date. Partial on stock on hand
 * (which the sweep's query states), so empty lots — most lots, after a few years — are not in it at all. And an
 * item's buckets at a clinic (what a reservation, a balance and a reorder check read). The movements' own indexes
 * are {@link StockMovements}'.
 */
@Component
class StockIndexes {

    StockIndexes(MongoTemplate mongo) {
        mongo.getCollection(StockLedger.COLLECTION).createIndex(new Document("quarantined", 1).append("expiresOn", 1),
                new IndexOptions().name("expiry_due").partialFilterExpression(new Document("onHand", new Document("$gt", 0))));
        mongo.getCollection(StockLedger.COLLECTION).createIndex(new Document("tenantId", 1).append("locationId", 1).append("sku", 1),
                new IndexOptions().name("by_item"));
    }
}
