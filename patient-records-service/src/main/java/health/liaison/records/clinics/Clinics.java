package health.liaison.records.clinics;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clinics of each practice group as scheduling publishes them ({@code location.changed} on every define, holiday
 * and reopen): a typed local copy, so records counts business hours in each clinic's own time zone without calling
 * scheduling. A redelivered or older event changes nothing (the latest {@code changedAt} wins). A clinic records
 * has not heard of yet counts on {@link ClinicCalendar#DEFAULT}.
 */
@Service
public class Clinics {

    private final TenantStore<Clinic> clinics;
    private final EventInbox.Reaction locations;

    Clinics(TenantStores stores, EventInbox inbox) {
        this.clinics = stores.ofNamed(Clinic.class, "clinics", "clinic");
        this.locations = inbox.reaction("records-clinics").on(LocationChanged.class, this::changed);
    }

    @KafkaListener(topics = Topics.SCHEDULING_LOCATION, groupId = "${spring.kafka.consumer.group-id}.clinics")
    void onLocation(ConsumerRecord<String, byte[]> record) {
        locations.accept(record);
    }

    private void changed(ReceivedEvent<LocationChanged> event) {
        LocationChanged e = event.payload();
        Map<DayOfWeek, List<ClinicCalendar.Span>> hours = new LinkedHashMap<>();
        e.hours().forEach((day, spans) -> hours.put(day, spans.stream()
                .map(s -> new ClinicCalendar.Span(s.opens(), s.closes())).toList()));
        Clinic next = new Clinic(e.locationId(), e.zoneId(), Clinic.rows(hours), e.holidays(), e.changedAt());
        try {
            clinics.insert(next, List.of(), e.locationId());
        } catch (DuplicateKeyException known) {
            clinics.modify(e.locationId(), current -> TenantStore.Change.quietly(
                    current.changedAt() != null && !e.changedAt().isAfter(current.changedAt()) ? current : next));
        }
    }

    /** The clinic's calendar, or the documented default for a clinic not yet heard of. */
    public ClinicCalendar calendarOf(String locationId) {
        return find(locationId).map(Clinic::calendar).orElse(ClinicCalendar.DEFAULT);
    }

    public Optional<Clinic> find(String locationId) {
        return clinics.find(locationId).map(Versioned::value);
    }
}
