package health.liaison.insights.api;

import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.clinics.Clinics;
import health.liaison.insights.measures.ConversionMeasures;
import health.liaison.insights.measures.ExperienceMeasures;
import health.liaison.insights.measures.FlowMeasures;
import health.liaison.insights.measures.FollowUpMeasures;
import health.liaison.insights.measures.Granularity;
import health.liaison.insights.measures.Grouping;
import health.liaison.insights.measures.InsightQuery;
import health.liaison.insights.measures.InsightTable;
import health.liaison.insights.measures.MoneyMeasures;
import health.liaison.insights.measures.SuppliesMeasures;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Answers a table for the caller: checks what she may see (her own provider figures, her clinics, her group), builds
 * the query, computes the table from the read models and writes one access entry (who, which table, which clinics; no
 * figures).
 */
@Component
class Insights {

    static final String ACCESS_LOG = "report_reads";
    static final int MAX_DAYS = 400;

    private final Clinics clinics;
    private final FlowMeasures flow;
    private final ConversionMeasures conversion;
    private final FollowUpMeasures followUp;
    private final MoneyMeasures money;
    private final ExperienceMeasures experience;
    private final SuppliesMeasures supplies;
    private final MongoTemplate mongo;
    private final Clock clock;

    Insights(Clinics clinics, FlowMeasures flow, ConversionMeasures conversion, FollowUpMeasures followUp, MoneyMeasures money,
             ExperienceMeasures experience, SuppliesMeasures supplies, MongoTemplate mongo, Clock clock) {
        this.clinics = clinics;
        this.flow = flow;
        this.conversion = conversion;
        this.followUp = followUp;
        this.money = money;
        this.experience = experience;
        this.supplies = supplies;
        this.mongo = mongo;
        this.clock = clock;
    }

    /** The parameters of a table request as they came (strings, so that a bad one is named in the problem). */
    record Request(String table, String locationId, String from, String to, String granularity, String by,
                   String providerId, String coordinatorId) {
    }

    InsightTable answer(Request request) {
        InsightKind kind = InsightKind.ofPath(request.table()).orElseThrow(() -> ApiProblem.notFound("insights table"));
        Caller caller = Callers.current();
        if (kind.roles().stream().noneMatch(caller::hasRole)) {
            throw ApiProblem.forbidden("Your role does not read the " + kind.path() + " table.");
        }
        LocalDate from = date("from", request.from());
        LocalDate to = date("to", request.to());
        if (to.isBefore(from)) {
            throw ApiProblem.invalid("to", "must be on or after from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ApiProblem.invalid("to", "a table covers at most " + MAX_DAYS + " days");
        }
        Granularity granularity = option("granularity", request.granularity(), Granularity.class, Granularity.MONTH);
        Grouping by = option("by", request.by(), Grouping.class, Grouping.CLINIC);
        if (!kind.groupings().contains(by)) {
            throw ApiProblem.invalid("by", "the " + kind.path() + " table is split by " + kind.groupings());
        }
        String providerId = provider(kind, caller, request.providerId());
        String coordinatorId = coordinator(caller, request.coordinatorId(), by);
        InsightQuery query = new InsightQuery(clinicsFor(caller, request.locationId()), from, to, granularity, by,
                providerId, coordinatorId);
        InsightTable table = switch (kind) {
            case FLOW -> flow.table(query);
            case CONVERSION -> conversion.table(query);
            case FOLLOW_UP -> followUp.table(query);
            case MONEY -> money.table(query);
            case EXPERIENCE -> experience.table(query);
            case SUPPLIES -> supplies.table(query);
        };
        mongo.getCollection(ACCESS_LOG).insertOne(new Document("tenantId", caller.tenantId()).append("userId", caller.userId())
                .append("table", kind.path()).append("locations", query.clinics().stream().map(ClinicCalendar::locationId).toList())
                .append("from", from.toString()).append("to", to.toString()).append("at", Date.from(clock.instant())));
        return table;
    }

    /** A provider reads her own figures only (her provider id is her user id); others may name any provider. */
    private static String provider(InsightKind kind, Caller caller, String asked) {
        boolean others = caller.hasRole("ADMIN") || caller.hasRole("COORDINATOR");
        if (kind == InsightKind.FLOW && !others && caller.hasRole("PROVIDER")) {
            if (asked != null && !asked.equals(caller.userId())) {
                throw ApiProblem.forbidden("A provider reads her own figures only.");
            }
            return caller.userId();
        }
        return blankToNull(asked);
    }

    /** A coordinator reads her clinics' figures and, split by coordinator, her own; an admin anyone's. */
    private static String coordinator(Caller caller, String asked, Grouping by) {
        String coordinatorId = blankToNull(asked);
        if (caller.hasRole("ADMIN") || !caller.hasRole("COORDINATOR")) {
            return coordinatorId;
        }
        if (coordinatorId != null && !coordinatorId.equals(caller.userId())) {
            throw ApiProblem.forbidden("A coordinator reads her own coordinator figures only.");
        }
        return by == Grouping.COORDINATOR ? caller.userId() : coordinatorId;
    }

    private List<ClinicCalendar> clinicsFor(Caller caller, String locationId) {
        boolean admin = caller.hasRole("ADMIN");
        if (blankToNull(locationId) != null) {
            ClinicCalendar clinic = clinics.find(locationId).orElseThrow(() -> ApiProblem.notFound("clinic"));
            if (!admin && !caller.worksAt(locationId)) {
                throw ApiProblem.forbidden("You do not work at that clinic.");
            }
            return List.of(clinic);
        }
        return clinics.all().stream().filter(c -> admin || caller.worksAt(c.locationId())).toList();
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, "is required (a local date, e.g. 2026-03-01)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "must be a local date such as 2026-03-01");
        }
    }

    private static <E extends Enum<E>> E option(String field, String value, Class<E> type, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, "must be one of " + List.of(type.getEnumConstants()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
