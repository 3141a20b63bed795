package health.liaison.platform.events;

/**
 * A fact that happened, published for other services. Implementations are small immutable records annotated
 * with {@link EventType}; they carry ids and the facts a consumer needs, never PHI (no names, contact details or
 * clinical content): a consumer that needs those asks the owning service.
 */
public interface DomainEvent {

    /** The id of the aggregate the fact is about; the Kafka key and the CloudEvents {@code subject}. */
    String subject();
}
