package health.liaison.platform.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of event payloads. Readers ignore fields they do not know, so an additive change to an
 * event keeps its {@code vN}; writers emit ISO-8601 instants and plain decimal strings.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private EventJson() {
    }

    public static byte[] write(DomainEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static <T extends DomainEvent> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
