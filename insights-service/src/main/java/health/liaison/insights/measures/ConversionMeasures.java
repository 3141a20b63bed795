package health.liaison.insights.measures;

import com.mongodb.client.model.Filters;
import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.ReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static health.liaison.insights.measures.FactWindow.instant;
import static health.liaison.insights.measures.FactWindow.seconds;

/**
 * Conversion of the inquiries received in each period (the cohort is fixed by the inquiry's arrival, so a later step
 * adds to the period the inquiry arrived in): first response, consultation booked, quoted, quote accepted, surgery
 * booked, lost; the time between the steps.
 */
@Component
public class ConversionMeasures {

    private final FactWindow facts;

    ConversionMeasures(FactWindow facts) {
        this.facts = facts;
    }

    public InsightTable table(InsightQuery query) {
        Tabulation<Acc> tab = new Tabulation<>(query, Acc::new);
        for (ClinicCalendar clinic : query.clinics()) {
            List<Document> inquiries = facts.at(clinic, query, ReadModels.INQUIRIES, "receivedAt").stream()
                    .filter(i -> query.coordinatorId() == null || query.coordinatorId().equals(i.getString("ownerId"))).toList();
            Map<String, List<Document>> quotesByPatient = quotesOf(inquiries);
            for (Document inquiry : inquiries) {
                String group = switch (query.by()) {
                    case COORDINATOR -> inquiry.getString("ownerId");
                    case SOURCE -> inquiry.getString("source");
                    case INTEREST -> inquiry.getString("interest");
                    default -> null;
                };
                List<Document> quotes = quotesByPatient.getOrDefault(inquiry.getString("patientId"), List.of());
                tab.add(clinic, instant(inquiry, "receivedAt"), Collections.singletonList(group), acc -> acc.add(inquiry, quotes));
            }
        }
        return tab.table("conversion", List.of("inquiries", "responded", "respondedWithinTarget", "respondedWithinTargetShare",
                "firstResponseMedianMinutes", "firstResponseP90Minutes", "consultations", "consultationRate", "quoted", "quoteRate",
                "accepted", "acceptanceRate", "surgeries", "surgeryRate", "lost", "daysToConsultationMedian",
                "daysConsultationToSurgeryMedian"), (acc, row) -> {
            row.put("inquiries", acc.inquiries);
            row.put("responded", acc.responded);
            row.put("respondedWithinTarget", acc.onTime);
            row.put("respondedWithinTargetShare", Stats.rate(acc.onTime, acc.inquiries));
            row.put("firstResponseMedianMinutes", Stats.minutes(Stats.percentile(acc.firstResponse, 50)));
            row.put("firstResponseP90Minutes", Stats.minutes(Stats.percentile(acc.firstResponse, 90)));
            row.put("consultations", acc.consultations);
            row.put("consultationRate", Stats.rate(acc.consultations, acc.inquiries));
            row.put("quoted", acc.quoted);
            row.put("quoteRate", Stats.rate(acc.quoted, acc.consultations));
            row.put("accepted", acc.accepted);
            row.put("acceptanceRate", Stats.rate(acc.accepted, acc.quoted));
            row.put("surgeries", acc.surgeries);
            row.put("surgeryRate", Stats.rate(acc.surgeries, acc.inquiries));
            row.put("lost", acc.lost);
            row.put("daysToConsultationMedian", Stats.days(Stats.percentile(acc.toConsultation, 50)));
            row.put("daysConsultationToSurgeryMedian", Stats.days(Stats.percentile(acc.toSurgery, 50)));
        });
    }

    /** The quotes issued to the converted inquiries' patients (by patient id, within the practice group). */
    private Map<String, List<Document>> quotesOf(List<Document> inquiries) {
        Set<String> patients = inquiries.stream().map(i -> i.getString("patientId")).filter(p -> p != null).collect(Collectors.toSet());
        if (patients.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Document>> byPatient = new HashMap<>();
        for (Document quote : facts.where(ReadModels.QUOTES, Filters.in("patientId", patients))) {
            byPatient.computeIfAbsent(quote.getString("patientId"), p -> new ArrayList<>()).add(quote);
        }
        return byPatient;
    }

    private static final class Acc {
        long inquiries, responded, onTime, consultations, quoted, accepted, surgeries, lost;
        final List<Long> firstResponse = new ArrayList<>(), toConsultation = new ArrayList<>(), toSurgery = new ArrayList<>();

        void add(Document inquiry, List<Document> quotes) {
            inquiries++;
            Instant received = instant(inquiry, "receivedAt");
            Instant contacted = instant(inquiry, "firstContactAt");
            if (contacted != null) {
                responded++;
                firstResponse.add(seconds(received, contacted));
                Instant due = instant(inquiry, "firstResponseDueAt");
                if (due != null && !contacted.isAfter(due)) {
                    onTime++;
                }
            }
            Instant converted = instant(inquiry, "convertedAt");
            if (converted != null) {
                consultations++;
                toConsultation.add(seconds(received, converted));
                List<Document> after = quotes.stream().filter(q -> instant(q, "issuedAt") != null
                        && !instant(q, "issuedAt").isBefore(received)).toList();
                if (!after.isEmpty()) {
                    quoted++;
                    if (after.stream().anyMatch(q -> q.get("acceptedAt") != null)) {
                        accepted++;
                    }
                }
            }
            Instant won = instant(inquiry, "wonAt");
            if (won != null) {
                surgeries++;
                if (converted != null) {
                    toSurgery.add(seconds(converted, won));
                }
            }
            if (inquiry.get("lostAt") != null) {
                lost++;
            }
        }
    }
}
