package health.liaison.platform.store;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A TTL index: MongoDB removes a document once its {@code field} (a date) is older than the retention. An index
 * made earlier with another retention is made again, so a new setting takes effect on the next start. A server that cannot make TTL indexes (mongo-java-server may not) keeps the documents, and says so.
 */
public final class ExpiringIndex {

    private ExpiringIndex() {
    }

    public static void ensure(MongoDatabase database, String collection, String field, Duration retention) {
        Document keys = new Document(field, 1);
        try {
            Document existing = null;
            for (Document index : database.getCollection(collection).listIndexes()) {
                Document key = index.get("key", Document.class);
                if (key != null && key.size() == 1 && key.containsKey(field)) {
                    existing = index;
                }
            }
            if (existing != null && existing.get("expireAfterSeconds") instanceof Number seconds
                    && seconds.longValue() == retention.toSeconds()) {
                return;
            }
            if (existing != null) {
                // made with another retention: dropped and made again (collMod is not on every server); a
                // replica doing the same at once finds it gone, or made already with the same options
                try {
                    database.getCollection(collection).dropIndex(existing.getString("name"));
                } catch (MongoCommandException goneAlready) {
                    LoggerFactory.getLogger(ExpiringIndex.class).debug("{} already dropped", existing.getString("name"));
                }
            }
            database.getCollection(collection).createIndex(keys, new IndexOptions().name("expire_" + field)
                    .expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ExpiringIndex.class).warn("{} will not expire after {}: this MongoDB server cannot "
                    + "create or change TTL indexes ({})", collection, retention, e.getClass().getSimpleName());
        }
    }
}
