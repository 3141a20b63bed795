package health.liaison.platform.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the JSON shape of every published event. A field renamed, removed or retyped fails here: such a change
 * needs a new {@code vN+1} type published side by side. An added field fails too, so the pinned file is updated
 * deliberately (additive changes keep the version).
 */
class EventContractTest {

    private static final Pattern WIRE_NAME = Pattern.compile("health\\.liaison\\.[a-z]+\\.[a-z-]+\\.[a-z-]+\\.v\\d+");

    static List<Class<? extends DomainEvent>> types() {
        return EventCatalog.types();
    }

    @ParameterizedTest
    @MethodSource("types")
    void publishedShapeMatchesThePinnedContract(Class<? extends DomainEvent> type) throws IOException {
        DomainEvent sample = EventSamples.SAMPLES.get(type);
        assertThat(sample).as("a sample of %s in EventSamples", type.getSimpleName()).isNotNull();
        String name = EventCatalog.typeNameOf(type);
        JsonNode pinned = pinned(name);

        JsonNode written = EventJson.mapper().readTree(EventJson.write(sample));

        assertThat(written).as("JSON of %s", name).isEqualTo(pinned);
        assertThat(EventJson.mapper().readValue(pinned.toString(), type)).isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("types")
    void wireNamesAreStableStringsNotClassNames(Class<? extends DomainEvent> type) {
        String name = EventCatalog.typeNameOf(type);
        assertThat(name).matches(WIRE_NAME).doesNotContain(type.getSimpleName());
        assertThat(EventCatalog.classOf(name)).contains(type);
    }

    @Test
    void payloadsCarryNoFieldThatLooksLikePhi() {
        List<String> forbidden = List.of("name", "email", "phone", "address", "dateofbirth", "dob", "ssn",
                "diagnosis", "note", "procedure");
        for (DomainEvent sample : EventSamples.SAMPLES.values()) {
            JsonNode json = EventJson.mapper().readTree(EventJson.write(sample));
            Iterator<String> fields = json.propertyNames().iterator();
            while (fields.hasNext()) {
                String field = fields.next().toLowerCase();
                assertThat(forbidden).as("field %s of %s", field, sample.getClass().getSimpleName())
                        .noneMatch(field::contains);
            }
        }
    }

    @Test
    void everyEventTravelsOnADeclaredTopicWithADeadLetterTwin() {
        for (Class<? extends DomainEvent> type : EventCatalog.types()) {
            String topic = EventCatalog.topicOf(type);
            assertThat(Topics.all()).contains(topic, Topics.deadLetterOf(topic));
        }
    }

    private static JsonNode pinned(String name) throws IOException {
        try (InputStream in = EventContractTest.class.getResourceAsStream("/contract/" + name + ".json")) {
            assertThat(in).as("pinned contract /contract/%s.json", name).isNotNull();
            return EventJson.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Map<Class<? extends DomainEvent>, DomainEvent> samples() {
        return EventSamples.SAMPLES;
    }
}
