package health.liaison.platform.events;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every Kafka topic Liaison publishes on: {@code <domain>.<aggregate>.v<N>}, keyed by aggregate id, each with a
 * dead-letter twin {@code <topic>.dlt}. Deployment manifests (Strimzi {@code KafkaTopic}s) are checked against
 * {@link #all()}.
 */
public final class Topics {

    public static final String RECORDS_PATIENT = "records.patient.v1";
    public static final String RECORDS_INQUIRY = "records.inquiry.v1";
    public static final String RECORDS_TASK = "records.task.v1";
    /** Signed checkpoints of each practice group's audit chain, compacted by group: the anchor outside the database. */
    public static final String RECORDS_AUDIT = "records.audit.v1";
    public static final String SCHEDULING_APPOINTMENT = "scheduling.appointment.v1";
    public static final String SCHEDULING_LOCATION = "scheduling.location.v1";
    public static final String BILLING_INVOICE = "billing.invoice.v1";
    public static final String BILLING_CLAIM = "billing.claim.v1";
    public static final String INVENTORY_STOCK = "inventory.stock.v1";
    public static final String INVENTORY_EQUIPMENT = "inventory.equipment.v1";
    public static final String NOTIFICATIONS_MESSAGE = "notifications.message.v1";

    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private static final List<String> DOMAIN_TOPICS = List.of(RECORDS_PATIENT, RECORDS_INQUIRY, RECORDS_TASK, RECORDS_AUDIT, SCHEDULING_APPOINTMENT, SCHEDULING_LOCATION,
            BILLING_INVOICE, BILLING_CLAIM, INVENTORY_STOCK, INVENTORY_EQUIPMENT, NOTIFICATIONS_MESSAGE);

    private Topics() {
    }

    /** The topics that carry domain events. */
    public static List<String> domainTopics() {
        return DOMAIN_TOPICS;
    }

    /** Every topic, dead-letter topics included. */
    public static List<String> all() {
        return DOMAIN_TOPICS.stream().flatMap(t -> Stream.of(t, deadLetterOf(t))).toList();
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
