package health.liaison.notifications.inbound;

import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.privacy.Keysets;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifications' own Tink keys ({@code liaison.notifications.encryption.*}) for the PHI it stores: the text of a
 * patient's reply that waits for a coordinator. Texts stored in the clear before are sealed at start-up (each with
 * one conditional update, so two replicas starting together, or a restart half-way, seal each once).
 */
@Configuration(proxyBeanMethods = false)
class NotificationEncryption {

    @Bean
    FieldCipher fieldCipher(@Value("${liaison.notifications.encryption.keyset:}") String keyset,
                            @Value("${liaison.notifications.encryption.index-keyset:}") String indexKeyset,
                            @Value("${liaison.notifications.encryption.dev-key-directory:}") String devKeyDirectory,
                            JsonMapper json, MongoTemplate mongo) {
        FieldCipher cipher = new FieldCipher(Keysets.load(keyset, indexKeyset, devKeyDirectory,
                "LIAISON_NOTIFICATIONS_ENCRYPTION", "notifications"), json);
        sealPlaintextTexts(mongo, cipher);
        return cipher;
    }

    private static void sealPlaintextTexts(MongoTemplate mongo, FieldCipher cipher) {
        var texts = mongo.getCollection("inbound_texts");
        for (Document plain : texts.find(new Document("text", new Document("$type", "string")))) {
            String id = plain.getString("_id");
            String sealed = Callers.callAs(Caller.system(plain.getString("tenantId")),
                    () -> cipher.seal(plain.getString("text"), id, InboundText.FIELD));
            texts.updateOne(new Document("_id", id).append("text", plain.getString("text")),
                    new Document("$set", new Document("sealedText", sealed)).append("$unset", new Document("text", "")));
        }
    }
}
