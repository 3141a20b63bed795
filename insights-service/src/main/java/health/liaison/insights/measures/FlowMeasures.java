package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.ReadModels;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static health.liaison.insights.measures.FactWindow.instant;
import static health.liaison.insights.measures.FactWindow.seconds;

/**
 * Patient flow, by the appointment's start (clinic-local day): waits from arrival to roomed and to the provider,
 * visit length, the share seen within 15 minutes of their time, no-show and late-cancellation rates.
 */
@Component
public class FlowMeasures {

    static final Duration SEEN_WITHIN = Duration.ofMinutes(15);

    private final FactWindow facts;
    private final Duration lateCancellation;

    FlowMeasures(FactWindow facts, @Value("${liaison.insights.late-cancellation-window:24h}") Duration lateCancellation) {
        this.facts = facts;
        this.lateCancellation = lateCancellation;
    }

    public InsightTable table(InsightQuery query) {
        Tabulation<Acc> tab = new Tabulation<>(query, Acc::new);
        for (ClinicCalendar clinic : query.clinics()) {
            for (Document visit : facts.at(clinic, query, ReadModels.VISITS, "start")) {
                List<String> providers = visit.getList("providerIds", String.class, List.of());
                if (!counted(visit) || (query.providerId() != null && !providers.contains(query.providerId()))) {
                    continue;
                }
                List<String> groups = query.by() == Grouping.PROVIDER
                        ? providers.stream().filter(p -> query.providerId() == null || p.equals(query.providerId())).toList()
                        : Collections.singletonList(null);
                tab.add(clinic, instant(visit, "start"), groups, acc -> acc.add(visit, lateCancellation));
            }
        }
        return tab.table("flow", List.of("appointments", "cancelled", "lateCancellations", "lateCancellationRate", "noShows",
                "noShowRate", "arrived", "waitToRoomedMedianMinutes", "waitToRoomedP90Minutes", "waitToProviderMedianMinutes",
                "waitToProviderP90Minutes", "visitLengthMedianMinutes", "seen", "seenWithin15Minutes", "seenWithin15MinutesShare"),
                (acc, row) -> {
                    row.put("appointments", acc.appointments);
                    row.put("cancelled", acc.cancelled);
                    row.put("lateCancellations", acc.late);
                    row.put("lateCancellationRate", Stats.rate(acc.late, acc.appointments));
                    row.put("noShows", acc.noShows);
                    row.put("noShowRate", Stats.rate(acc.noShows, acc.appointments - acc.cancelled));
                    row.put("arrived", acc.arrived);
                    row.put("waitToRoomedMedianMinutes", Stats.minutes(Stats.percentile(acc.toRoomed, 50)));
                    row.put("waitToRoomedP90Minutes", Stats.minutes(Stats.percentile(acc.toRoomed, 90)));
                    row.put("waitToProviderMedianMinutes", Stats.minutes(Stats.percentile(acc.toProvider, 50)));
                    row.put("waitToProviderP90Minutes", Stats.minutes(Stats.percentile(acc.toProvider, 90)));
                    row.put("visitLengthMedianMinutes", Stats.minutes(Stats.percentile(acc.length, 50)));
                    row.put("seen", acc.seen);
                    row.put("seenWithin15Minutes", acc.seenOnTime);
                    row.put("seenWithin15MinutesShare", Stats.rate(acc.seenOnTime, acc.seen));
                });
    }

    /** A confirmed booking, or a visit that happened: holds never confirmed are not appointments. */
    private static boolean counted(Document visit) {
        return visit.get("bookedAt") != null || visit.get("checkedInAt") != null || visit.get("noShowAt") != null
                || visit.get("checkedOutAt") != null;
    }

    private static final class Acc {
        long appointments, cancelled, late, noShows, arrived, seen, seenOnTime;
        final List<Long> toRoomed = new ArrayList<>(), toProvider = new ArrayList<>(), length = new ArrayList<>();

        void add(Document visit, Duration lateWindow) {
            appointments++;
            Instant start = instant(visit, "start");
            Instant cancelledAt = instant(visit, "cancelledAt");
            Instant checkedIn = instant(visit, "checkedInAt");
            if (cancelledAt != null && checkedIn == null) {
                cancelled++;
                Instant cancelledStart = instant(visit, "cancelledStart");
                if (cancelledAt.isAfter((cancelledStart == null ? start : cancelledStart).minus(lateWindow))) {
                    late++;
                }
                return;
            }
            if (visit.get("noShowAt") != null && checkedIn == null) {
                noShows++;
                return;
            }
            if (checkedIn == null) {
                return;
            }
            arrived++;
            Instant roomed = instant(visit, "roomedAt"), withProvider = instant(visit, "withProviderAt");
            addIfKnown(toRoomed, seconds(checkedIn, roomed));
            addIfKnown(toProvider, seconds(checkedIn, withProvider));
            addIfKnown(length, seconds(checkedIn, instant(visit, "checkedOutAt")));
            if (withProvider != null) {
                seen++;
                if (!withProvider.isAfter(start.plus(SEEN_WITHIN))) {
                    seenOnTime++;
                }
            }
        }

        private static void addIfKnown(List<Long> values, Long value) {
            if (value != null) {
                values.add(value);
            }
        }
    }
}
