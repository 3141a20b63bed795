package health.liaison.insights.clinics;

import com.mongodb.client.model.Filters;
import health.liaison.insights.facts.FactStore;
import health.liaison.insights.facts.ReadModels;
import health.liaison.platform.events.scheduling.LocationChanged;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clinics of the current practice group as scheduling announced them ({@code location.changed}): the latest
 * definition by its {@code changedAt} wins, whatever order the events arrive in.
 */
@Component
public class Clinics {

    static final String COLLECTION = ReadModels.CLINICS;

    private final FactStore facts;

    public Clinics(FactStore facts) {
        this.facts = facts;
    }

    public void changed(LocationChanged change) {
        Map<String, Object> hours = new LinkedHashMap<>();
        change.hours().forEach((day, spans) -> hours.put(day.name(), spans.stream()
                .map(s -> new Document("opens", s.opens().toString()).append("closes", s.closes().toString())).toList()));
        facts.recordIfNewer(COLLECTION, change.locationId(), "changedAt", change.changedAt(), f -> f
                .set("locationId", change.locationId()).set("zoneId", change.zoneId()).set("hours", new Document(hours))
                .set("holidays", change.holidays().stream().map(LocalDate::toString).toList()));
    }

    public Optional<ClinicCalendar> find(String locationId) {
        return facts.find(COLLECTION, Filters.eq("locationId", locationId)).stream().findFirst().map(Clinics::calendar);
    }

    /** Every clinic of the current practice group insights knows of. */
    public List<ClinicCalendar> all() {
        return facts.find(COLLECTION, Filters.exists("zoneId")).stream().map(Clinics::calendar)
                .sorted(Comparator.comparing(ClinicCalendar::locationId)).toList();
    }

    private static ClinicCalendar calendar(Document doc) {
        Map<DayOfWeek, List<ClinicCalendar.Span>> hours = new EnumMap<>(DayOfWeek.class);
        Document stored = doc.get("hours", Document.class);
        if (stored != null) {
            for (String day : stored.keySet()) {
                List<ClinicCalendar.Span> spans = new ArrayList<>();
                for (Document span : stored.getList(day, Document.class)) {
                    spans.add(new ClinicCalendar.Span(LocalTime.parse(span.getString("opens")), LocalTime.parse(span.getString("closes"))));
                }
                hours.put(DayOfWeek.valueOf(day), spans);
            }
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (String day : doc.getList("holidays", String.class, List.of())) {
            holidays.add(LocalDate.parse(day));
        }
        return new ClinicCalendar(doc.getString("locationId"), ZoneId.of(doc.getString("zoneId")), hours, holidays);
    }
}
