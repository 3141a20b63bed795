package health.liaison.records.audit;

import health.liaison.platform.events.records.AuditCheckpointed;
import health.liaison.platform.outbox.CloudEventRecords;
import health.liaison.platform.testing.TestIdentity;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.platform.testing.TopicProbe;
import health.liaison.records.Phi;
import health.liaison.records.RecordsTestBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit chain's anchor outside the database: a signed checkpoint on Kafka. Someone with database access who cuts
 * the newest entries leaves a chain that is intact by itself, and the verification still reports it; a checkpoint
 * that is not signed by records' key changes nothing.
 */
class AuditAnchorsIT extends RecordsTestBase {

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    AuditAnchors anchors;

    @Test
    void cuttingTheNewestAuditEntriesIsReportedAgainstTheSignedCheckpointOnKafka() {
        String tenant = "anchor-" + run;
        String coordinator = TestIdentity.token().subject("c1").tenant(tenant).locations("t-clinic").roles("COORDINATOR").sign();
        String tenantAdmin = TestIdentity.token().subject("a1").tenant(tenant).locations("t-clinic").roles("ADMIN").sign();
        String id = api().post("/api/records/v1/patients", Phi.fresh().registrationJson("t-clinic")).token(coordinator).send()
                .json().get("id").asString();
        for (int i = 0; i < 3; i++) {
            api().get("/api/records/v1/patients/" + id).token(coordinator).send();
        }
        JsonNode before = verification(tenantAdmin);
        assertThat(before.get("intact").asBoolean()).as(before.toString()).isTrue();
        assertThat(before.get("entriesChecked").asLong()).isEqualTo(4);
        assertThat(before.get("anchoredEntry").isNull()).as("not checkpointed yet").isTrue();

        checkpoints.checkpointAll();
        AuditCheckpointed checkpoint = anchors.latest().get(tenant);
        assertThat(checkpoint.sequence()).isEqualTo(4);
        assertThat(checkpoints.checkpoint(tenant, checkpoint)).as("nothing new to vouch for").isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> verification(tenantAdmin).path("anchoredEntry").asLong(0) == 4);
        api().get("/api/records/v1/patients/" + id).token(coordinator).send();
        JsonNode grown = verification(tenantAdmin);
        assertThat(grown.get("intact").asBoolean()).isTrue();
        assertThat(grown.get("entriesChecked").asLong()).isEqualTo(5);

        // someone with database access removes the newest two entries: what is left is a chain intact by itself
        mongo.getCollection(AuditTrail.COLLECTION).deleteOne(new Document("_id", tenant + ":5"));
        mongo.getCollection(AuditTrail.COLLECTION).deleteOne(new Document("_id", tenant + ":4"));
        JsonNode cut = verification(tenantAdmin);
        assertThat(cut.get("intact").asBoolean()).as(cut.toString()).isFalse();
        assertThat(cut.get("entriesChecked").asLong()).isEqualTo(3);
        assertThat(cut.get("firstBrokenEntry").asLong()).isEqualTo(4);
        assertThat(cut.get("problem").asString()).contains("vouches for entry 4").contains("removed");

        // the checkpointer does not vouch for the shorter chain, and a checkpoint not signed by records counts for nothing
        assertThat(checkpoints.checkpoint(tenant, anchors.latest().get(tenant))).isNull();
        String forgedSignature = Base64.getEncoder().encodeToString(new byte[69]);
        String chain = checkpoint.chain();
        assertThat(chain).isEqualTo(mongo.getDb().getName() + "/" + tenant);
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/patient-records-service", tenant, null,
                new AuditCheckpointed(chain, 9, "0".repeat(64), Instant.now(), "1", forgedSignature)));
        TopicProbe.of(TestInfrastructure.get()).send(CloudEventRecords.of("/liaison/patient-records-service", tenant, null,
                new AuditCheckpointed(chain, 3, "0".repeat(64), Instant.now(), "1", forgedSignature)));
        JsonNode still = verification(tenantAdmin);
        assertThat(still.get("intact").asBoolean()).isFalse();
        assertThat(still.get("anchoredEntry").asLong()).isEqualTo(4);

        // another practice group's chain is not touched by this one's anchor
        JsonNode aurora = verification(admin);
        assertThat(aurora.get("intact").asBoolean()).as(aurora.toString()).isTrue();
    }

    JsonNode verification(String token) {
        return api().get("/api/records/v1/audit/verification").token(token).send().json();
    }
}
