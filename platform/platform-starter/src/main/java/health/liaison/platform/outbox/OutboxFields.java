package health.liaison.platform.outbox;

/** The fields the platform keeps in every aggregate document, beside the aggregate's own. */
public final class OutboxFields {

    public static final String TENANT = "tenantId";
    public static final String VERSION = "_v";
    public static final String PENDING = "_outbox";
    public static final String LEASE = "_outboxLease";

    private OutboxFields() {
    }
}
