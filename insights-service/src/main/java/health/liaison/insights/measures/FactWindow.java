package health.liaison.insights.measures;

import com.mongodb.client.model.Filters;
import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.FactStore;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Reads the fact documents of one clinic whose clock falls within the asked local days. */
@Component
class FactWindow {

    private final FactStore facts;

    FactWindow(FactStore facts) {
        this.facts = facts;
    }

    List<Document> at(ClinicCalendar clinic, InsightQuery query, String collection, String clockField) {
        return facts.find(collection, Filters.and(Filters.eq("locationId", clinic.locationId()),
                Filters.gte(clockField, Date.from(clinic.startOf(query.from()))),
                Filters.lt(clockField, Date.from(clinic.startOf(query.to().plusDays(1))))));
    }

    List<Document> where(String collection, Bson filter) {
        return facts.find(collection, filter);
    }

    static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /** Whole seconds from {@code from} to {@code to}, or null when either is missing. */
    static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toSeconds();
    }
}
