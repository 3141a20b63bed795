package health.liaison.records.inquiries;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One document per way of reaching a person in one practice group — the blind index of an e-mail address or of a
 * phone number — naming the inquiry that person's contacts go to. Its {@code _id} is the key itself, so of two
 * intakes of the same person at the same instant exactly one creates it (an upsert on {@code _id} is atomic on
 * MongoDB); the other reads the winner's inquiry id and adds its contact there. Holds no PHI: the blind index is a
 * keyed PRF that reveals nothing without records' key.
 */
@Component
class InquirerKeyStore {

    static final String COLLECTION = "inquirer-keys";

    private final MongoTemplate mongo;
    private final Clock clock;

    InquirerKeyStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** The keys of one person, e-mail first, so that every intake takes them in the same order. */
    static List<String> keysOf(String tenantId, String emailIndex, String phoneIndex) {
        List<String> keys = new ArrayList<>(2);
        if (emailIndex != null) {
            keys.add(tenantId + "|email|" + emailIndex);
        }
        if (phoneIndex != null) {
            keys.add(tenantId + "|phone|" + phoneIndex);
        }
        return keys;
    }

    /**
     * Makes {@code inquiryId} the holder of a free key and answers the key's holder: {@code inquiryId} itself when it
     * got the key, or the inquiry that holds it already.
     */
    String claim(String key, String tenantId, String inquiryId) {
        Query byKey = Query.query(Criteria.where("_id").is(key));
        Update firstHolder = new Update().setOnInsert("tenantId", tenantId).setOnInsert("inquiryId", inquiryId)
                .setOnInsert("at", clock.instant());
        FindAndModifyOptions upsert = FindAndModifyOptions.options().upsert(true).returnNew(true);
        for (int attempt = 0; ; attempt++) {
            try {
                Document held = mongo.findAndModify(byKey, firstHolder, upsert, Document.class, COLLECTION);
                return held.getString("inquiryId");
            } catch (DuplicateKeyException raced) {
                // two upserts of a new key at once: one inserted it, the other now finds it
                if (attempt >= 3) {
                    throw raced;
                }
            }
        }
    }

    /** Moves a key from {@code from} (closed, gone or never stored) to {@code to}, unless someone moved it first. */
    boolean move(String key, String from, String to) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(key).and("inquiryId").is(from)),
                new Update().set("inquiryId", to).set("at", clock.instant()), COLLECTION).getModifiedCount() == 1;
    }

    /** Gives a key back when the inquiry that claimed it was not stored after all. */
    void release(String key, String inquiryId) {
        mongo.remove(Query.query(Criteria.where("_id").is(key).and("inquiryId").is(inquiryId)), COLLECTION);
    }
}
