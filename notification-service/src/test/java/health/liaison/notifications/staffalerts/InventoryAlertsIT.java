package health.liaison.notifications.staffalerts;

import health.liaison.notifications.ServiceUnderTest;
import health.liaison.notifications.testdata.ServiceEvents;
import health.liaison.notifications.testdata.TestProviders;
import health.liaison.platform.events.inventory.StockBelowReorderPoint;
import health.liaison.platform.events.inventory.StockExpiring;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.TestIdentity;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inventory's stock alerts reach the clinic's configured inventory address once, and inventory staff see them in
 * the API. Inventory's own service may not publish these yet: the test publishes them on the real topic.
 */
class InventoryAlertsIT extends ServiceUnderTest {

    private static final String MIAMI_INVENTORY = "inventory.miami@aurora-aesthetics.example";

    @Test
    void stockBelowItsReorderPointIsEmailedOnceToTheClinicsInventoryStaffAndListedForThem() throws Exception {
        goToNextMorning();
        String sku = unique("SKU").toUpperCase();
        StockBelowReorderPoint low = new StockBelowReorderPoint(sku, "aurora-miami", 2, 5, CLOCK.instant());

        ServiceEvents.inventory("aurora", "aurora-miami", low);
        ServiceEvents.inventory("aurora", "aurora-miami", low); // a redelivery under another event id

        await().atMost(Duration.ofSeconds(20)).until(() -> alertsAbout(sku).size() == 1);
        MimeMessage mail = alertsAbout(sku).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Low stock at Aurora Miami: " + sku);
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(MIAMI_INVENTORY);
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("miami@aurora-aesthetics.example");
        assertThat(mail.getContent().toString()).contains("Item " + sku + " at Aurora Miami is below its reorder point: "
                + "2 available, reorder point 5.");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> alertsAbout(sku).size() == 1);

        String inventoryStaff = TestIdentity.token().tenant("aurora").locations("aurora-miami").roles("INVENTORY").sign();
        List<JsonNode> alerts = staffAlerts(inventoryStaff).stream()
                .filter(a -> sku.equals(a.get("details").get("sku").asString())).toList();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.getFirst();
        assertThat(alert.get("kind").asString()).isEqualTo("LOW_STOCK");
        assertThat(alert.get("status").asString()).isEqualTo("SENT");
        assertThat(alert.get("role").asString()).isEqualTo("INVENTORY");
        assertThat(alert.has("patientId")).isFalse();
        assertThat(alert.get("details").get("available").asString()).isEqualTo("2");
    }

    @Test
    void aLotCloseToExpiryIsEmailedOnceToTheClinicsInventoryStaff() throws Exception {
        goToNextMorning();
        String sku = unique("SKU").toUpperCase();
        LocalDate expiresOn = LocalDate.of(2030, 7, 1);
        StockExpiring expiring = new StockExpiring(sku, "aurora-miami", "LOT-7", expiresOn, 30, CLOCK.instant());

        ServiceEvents.inventory("aurora", "aurora-miami", expiring);
        ServiceEvents.inventory("aurora", "aurora-miami", expiring);

        await().atMost(Duration.ofSeconds(20)).until(() -> alertsAbout(sku).size() == 1);
        MimeMessage mail = alertsAbout(sku).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Stock expiring at Aurora Miami: " + sku + " lot LOT-7");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(MIAMI_INVENTORY);
        assertThat(mail.getContent().toString()).contains("Lot LOT-7 of item " + sku
                + " at Aurora Miami expires on Monday, July 1 (within 30 days).");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> alertsAbout(sku).size() == 1);
    }

    @Test
    void anAlertDetectedMoreThanADayAgoIsNotEmailed() throws Exception {
        goToNextMorning();
        String sku = unique("SKU").toUpperCase();
        Instant twoDaysAgo = CLOCK.instant().minus(Duration.ofDays(2));

        // what a new consumer group finds at the start of the topic, then today's alert; one item, so one partition
        // in this order: once today's alert is e-mailed, the stale ones have had their turn
        ServiceEvents.inventory("aurora", "aurora-miami", new StockBelowReorderPoint(sku, "aurora-miami", 1, 5, twoDaysAgo));
        ServiceEvents.inventory("aurora", "aurora-miami", new StockExpiring(sku, "aurora-miami", "LOT-1",
                LocalDate.of(2030, 7, 1), 30, twoDaysAgo));
        ServiceEvents.inventory("aurora", "aurora-miami", new StockBelowReorderPoint(sku, "aurora-miami", 3, 5, CLOCK.instant()));

        await().atMost(Duration.ofSeconds(20)).until(() -> !alertsAbout(sku).isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> alertsAbout(sku).size() == 1);
        MimeMessage mail = alertsAbout(sku).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Low stock at Aurora Miami: " + sku);
        assertThat(mail.getContent().toString()).contains("3 available");
    }

    @Test
    void staffAlertsAreForInventoryStaffAndAdminsOfTheClinicOnly() {
        assertThat(api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami").token(coordinator()).send().status())
                .isEqualTo(403);
        String elsewhere = TestIdentity.token().tenant("aurora").locations("aurora-beverly-hills").roles("INVENTORY").sign();
        assertThat(api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami").token(elsewhere).send().status())
                .isEqualTo(403);
        String admin = TestIdentity.token().tenant("aurora").locations("aurora-beverly-hills").roles("ADMIN").sign();
        assertThat(api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami").token(admin).send().status())
                .isEqualTo(200);
        // another practice group's inventory staff see none of this group's alerts
        String otherGroup = TestIdentity.token().tenant("belmont").locations("aurora-miami").roles("INVENTORY").sign();
        ApiClient.Answer answer = api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami").token(otherGroup).send();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().size()).isZero();
    }

    private List<JsonNode> staffAlerts(String token) {
        ApiClient.Answer answer = api().get("/api/notifications/v1/staff-alerts?locationId=aurora-miami&limit=200").token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        answer.json().forEach(list::add);
        return list;
    }

    private static List<MimeMessage> alertsAbout(String sku) {
        return TestProviders.mailTo(MIAMI_INVENTORY).stream().filter(m -> {
            try {
                return m.getSubject().contains(sku);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
