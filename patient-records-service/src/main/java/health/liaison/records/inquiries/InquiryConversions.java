package health.liaison.records.inquiries;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inquiries.InquiryConverted;
import health.liaison.platform.events.inquiries.InquiryWon;
import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.patients.Charts;
import health.liaison.records.patients.PatientDetails;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * From inquiry to patient. Converting registers the inquirer through the chart's own registration (its duplicate
 * check: one existing chart with the same e-mail, or name and date of birth, is linked instead of a second chart)
 * or links the chart the coordinator names. The consultation is then booked in scheduling as any other, and the
 * inquiry follows that patient's bookings from scheduling's events alone: a consultation booked → CONSULT_BOOKED
 * ({@code inquiry.converted}), a surgery or procedure booked → WON ({@code inquiry.won}), each with the time
 * scheduling booked it.
 */
@Service
class InquiryConversions {

    static final Set<String> CONSULTATIONS = Set.of("CONSULTATION");
    static final Set<String> WINS = Set.of("SURGERY", "PROCEDURE");

    private final Inquiries inquiries;
    private final TenantStore<Inquiry> store;
    private final Charts charts;
    private final ChartAccess access;
    private final Clock clock;
    private final EventInbox.Reaction bookings;
    private final EventInbox.Reaction merges;

    InquiryConversions(Inquiries inquiries, Charts charts, ChartAccess access, EventInbox inbox, Clock clock) {
        this.inquiries = inquiries;
        this.store = inquiries.store();
        this.charts = charts;
        this.access = access;
        this.clock = clock;
        this.bookings = inbox.reaction("records-inquiry-bookings").on(AppointmentBooked.class, this::booked);
        this.merges = inbox.reaction("records-inquiry-merges")
                .on(PatientsMerged.class, e -> store.reassign("patientId", e.payload().mergedPatientId(), e.payload().survivingPatientId()));
    }

    @KafkaListener(topics = Topics.SCHEDULING_APPOINTMENT, groupId = "${spring.kafka.consumer.group-id}.inquiry-bookings")
    void onScheduling(ConsumerRecord<String, byte[]> record) {
        bookings.accept(record);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.inquiry-merges")
    void onRecords(ConsumerRecord<String, byte[]> record) {
        merges.accept(record);
    }

    /** What the coordinator gives to convert: the chart to link, or the names and date of birth for a new one. */
    record Conversion(String patientId, String firstName, String lastName, LocalDate dateOfBirth, Boolean notADuplicate) {
    }

    /** The chart the inquiry is now linked to, and whether it existed before. */
    record Linked(String patientId, boolean existingChart) {
    }

    Linked convert(String inquiryId, Conversion request) {
        Inquiry inquiry = inquiries.open(inquiryId, "CONVERT_INQUIRY");
        if (!inquiry.open()) {
            throw ApiProblem.conflict("inquiry-closed", "This inquiry is " + inquiry.status().toLowerCase() + ".");
        }
        if (inquiry.patientId() != null) {
            if (request.patientId() != null && !request.patientId().equals(inquiry.patientId())) {
                throw ApiProblem.conflict("inquiry-linked", "This inquiry is already linked to chart " + inquiry.patientId() + ".");
            }
            return new Linked(inquiry.patientId(), true);
        }
        Linked linked;
        if (request.patientId() != null) {
            access.open(request.patientId(), "LINK_INQUIRY", Section.DEMOGRAPHICS_WRITE, "inquiry " + inquiryId);
            linked = new Linked(request.patientId(), true);
        } else {
            linked = register(inquiry, request);
        }
        Instant now = clock.instant();
        store.modify(inquiryId, current -> TenantStore.Change.quietly(current.patientId() == null
                ? current.linkedTo(linked.patientId(), now) : current));
        return linked;
    }

    private Linked register(Inquiry inquiry, Conversion request) {
        if (request.firstName() == null || request.firstName().isBlank()) {
            throw ApiProblem.invalid("firstName", "is required to open a chart (or give patientId)");
        }
        if (request.lastName() == null || request.lastName().isBlank()) {
            throw ApiProblem.invalid("lastName", "is required to open a chart (or give patientId)");
        }
        if (request.dateOfBirth() == null) {
            throw ApiProblem.invalid("dateOfBirth", "is required to open a chart (or give patientId)");
        }
        InquirerContact contact = inquiries.contactOf(inquiry);
        PatientDetails details = new PatientDetails(inquiry.locationId(), request.firstName(), request.lastName(),
                request.dateOfBirth(), contact.email(), contact.phone(), contact.preferredLanguage(),
                contact.preferredChannel(), "inquiry " + inquiry.source().toLowerCase(), null, null, null,
                request.notADuplicate());
        details.dateOfBirthChecked();
        String chartId = "p-" + inquiry.id();
        try {
            return new Linked(charts.register(chartId, details).id(), false);
        } catch (DuplicateKeyException registeredBefore) {
            // a conversion that stopped after registering: the chart under the derived id is this inquiry's
            return new Linked(chartId, false);
        } catch (ApiProblem duplicate) {
            Object candidates = duplicate.toProblemDetail().getProperties() == null ? null
                    : duplicate.toProblemDetail().getProperties().get("candidates");
            if (candidates instanceof List<?> ids && ids.size() == 1) {
                String existing = String.valueOf(ids.getFirst());
                access.open(existing, "LINK_INQUIRY", Section.DEMOGRAPHICS_WRITE, "inquiry " + inquiry.id());
                return new Linked(existing, true);
            }
            throw duplicate;
        }
    }

    private void booked(ReceivedEvent<AppointmentBooked> event) {
        AppointmentBooked booked = event.payload();
        boolean consultation = CONSULTATIONS.contains(booked.category());
        boolean win = WINS.contains(booked.category());
        if (booked.patientId() == null || (!consultation && !win)) {
            return;
        }
        Instant at = event.time() != null ? event.time() : clock.instant();
        for (Inquiry inquiry : store.find(Criteria.where("patientId").is(booked.patientId())
                .and("status").in(Inquiry.OPEN), Sort.by("receivedAt"), 20)) {
            store.modify(inquiry.id(), current -> {
                if (consultation && (Inquiry.NEW.equals(current.status()) || Inquiry.CONTACTED.equals(current.status()))) {
                    Inquiry next = current.consultBooked(booked.appointmentId(), at);
                    return TenantStore.Change.of(next, List.of(new InquiryConverted(current.id(), current.locationId(),
                            current.patientId(), booked.appointmentId(), at)), current.locationId());
                }
                if (win && current.open()) {
                    Inquiry next = current.won(booked.appointmentId(), at);
                    return TenantStore.Change.of(next, List.of(new InquiryWon(current.id(), current.locationId(),
                            current.patientId(), booked.appointmentId(), at)), current.locationId());
                }
                return TenantStore.Change.quietly(current);
            });
        }
    }
}
