package health.liaison.notifications.preferences;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A number's SMS opt-out belongs to one practice group: two groups texting the same person each keep their own. */
class SmsOptOutsIT extends ServiceUnderTest {

    @Autowired
    PatientPreferences preferences;
    @Autowired
    ContactKeys contactKeys;
    @Autowired
    MongoTemplate mongo;

    @Test
    void twoPracticeGroupsTextingOneNumberEachKeepTheirOwnStop() {
        String key = contactKeys.of("+1305" + String.format("%07d", (long) (Math.random() * 10_000_000)));
        as("aurora", () -> {
            preferences.stopSms(key, null, "aurora-miami");
            return null;
        });
        assertThat(as("aurora", () -> preferences.isOptedOut(key))).isTrue();
        assertThat(as("belmont", () -> preferences.isOptedOut(key))).as("another group's STOP is not ours").isFalse();

        // the same person answers STOP to the other group too: it is recorded there (it failed on the shared id before)
        as("belmont", () -> {
            preferences.stopSms(key, null, "belmont-chicago");
            return null;
        });
        assertThat(as("belmont", () -> preferences.isOptedOut(key))).isTrue();
        assertThat(mongo.find(Query.query(Criteria.where("_id").in("aurora|" + key, "belmont|" + key, key)),
                Document.class, "sms_opt_outs")).extracting(d -> d.getString("_id"))
                .containsExactlyInAnyOrder("aurora|" + key, "belmont|" + key);
    }

    private static <T> T as(String tenant, Supplier<T> work) {
        return Callers.callAs(Caller.system(tenant), work);
    }
}
