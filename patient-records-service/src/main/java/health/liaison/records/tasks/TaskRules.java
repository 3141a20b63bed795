package health.liaison.records.tasks;

import health.liaison.platform.events.Topics;
import health.liaison.platform.events.inquiries.InquiryContacted;
import health.liaison.platform.events.inquiries.InquiryLost;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.events.inquiries.InquiryWon;
import health.liaison.platform.events.notifications.CheckInAnswered;
import health.liaison.platform.events.notifications.MessageFailed;
import health.liaison.platform.events.records.ComplaintOpened;
import health.liaison.platform.messaging.EventInbox;
import health.liaison.platform.messaging.ReceivedEvent;
import health.liaison.records.clinics.ClinicCalendar;
import health.liaison.records.clinics.ClinicTeam;
import health.liaison.records.clinics.ClinicTeams;
import health.liaison.records.clinics.Clinics;
import health.liaison.records.inquiries.Inquiries;
import health.liaison.records.inquiries.Inquiry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The rules that make tasks, each from an event (records' own outbox or another area's), so a crash between the cause
 * and its task loses nothing and a redelivery makes nothing twice (task ids derive from the cause):
 * <ul>
 *     <li>a new inquiry → FIRST_RESPONSE, due when {@code inquiry.received} says (the clinic's response target);</li>
 *     <li>a contact attempt → the inquiry's pending attempt tasks are done; no answer (or a message left) → the
 *     next attempt, on day 1, 3, 7 ({@code liaison.inquiries.follow-up-days}) after the first at the clinic's
 *     opening, until {@code liaison.inquiries.max-attempts};</li>
 *     <li>an inquiry won or lost → its pending tasks are cancelled;</li>
 *     <li>a complaint opened, a message that failed for good → a task for the clinic's lead (or its team);</li>
 *     <li>a post-op check-in answered WORSE → POST_OP_CALL for the clinic's lead, due within
 *     {@code liaison.records.post-op-call-within} business time (1 hour); BETTER and SAME make none.</li>
 * </ul>
 */
@Component
class TaskRules {

    static final Set<String> TRY_AGAIN = Set.of("NO_ANSWER", "LEFT_MESSAGE");

    private final Tasks tasks;
    private final Inquiries inquiries;
    private final Clinics clinics;
    private final ClinicTeams teams;
    private final List<Integer> followUpDays;
    private final int maxAttempts;
    private final Duration postOpCallWithin;
    private final EventInbox.Reaction inquiryEvents;
    private final EventInbox.Reaction patientEvents;
    private final EventInbox.Reaction messageEvents;

    TaskRules(Tasks tasks, Inquiries inquiries, Clinics clinics, ClinicTeams teams, EventInbox inbox,
              @Value("${liaison.inquiries.follow-up-days:1,3,7}") List<Integer> followUpDays,
              @Value("${liaison.inquiries.max-attempts:4}") int maxAttempts,
              @Value("${liaison.records.post-op-call-within:PT1H}") Duration postOpCallWithin) {
        this.tasks = tasks;
        this.inquiries = inquiries;
        this.clinics = clinics;
        this.teams = teams;
        this.followUpDays = List.copyOf(followUpDays);
        this.maxAttempts = maxAttempts;
        this.postOpCallWithin = postOpCallWithin;
        this.inquiryEvents = inbox.reaction("records-task-rules-inquiries")
                .on(InquiryReceived.class, this::received)
                .on(InquiryContacted.class, this::contacted)
                .on(InquiryWon.class, e -> closeAll(e.payload().inquiryId()))
                .on(InquiryLost.class, e -> closeAll(e.payload().inquiryId()));
        this.patientEvents = inbox.reaction("records-task-rules-complaints").on(ComplaintOpened.class, this::complaint);
        this.messageEvents = inbox.reaction("records-task-rules-messages").on(MessageFailed.class, this::messageFailed)
                .on(CheckInAnswered.class, this::checkInAnswered);
    }

    @KafkaListener(topics = Topics.RECORDS_INQUIRY, groupId = "${spring.kafka.consumer.group-id}.task-rules-inquiries")
    void onInquiry(ConsumerRecord<String, byte[]> record) {
        inquiryEvents.accept(record);
    }

    @KafkaListener(topics = Topics.RECORDS_PATIENT, groupId = "${spring.kafka.consumer.group-id}.task-rules-complaints")
    void onPatient(ConsumerRecord<String, byte[]> record) {
        patientEvents.accept(record);
    }

    @KafkaListener(topics = Topics.NOTIFICATIONS_MESSAGE, groupId = "${spring.kafka.consumer.group-id}.task-rules-messages")
    void onMessage(ConsumerRecord<String, byte[]> record) {
        messageEvents.accept(record);
    }

    private void received(ReceivedEvent<InquiryReceived> event) {
        InquiryReceived e = event.payload();
        tasks.createByRule("first-response-" + e.inquiryId(), e.locationId(), "FIRST_RESPONSE", "INQUIRY",
                e.inquiryId(), e.ownerId(), e.firstResponseDueAt(), "inquiry.received");
    }

    private void contacted(ReceivedEvent<InquiryContacted> event) {
        InquiryContacted e = event.payload();
        for (Task pending : tasks.pendingAbout(e.inquiryId())) {
            if ("FIRST_RESPONSE".equals(pending.kind()) || "NEXT_ATTEMPT".equals(pending.kind())) {
                tasks.completeByRule(pending.id());
            }
        }
        if (!TRY_AGAIN.contains(e.outcome()) || e.attempt() >= maxAttempts || e.attempt() > followUpDays.size()) {
            return;
        }
        Inquiry inquiry = inquiries.find(e.inquiryId()).orElse(null);
        if (inquiry == null || !inquiry.open()) {
            return;
        }
        Instant due = nextAttemptDue(clinics.calendarOf(e.locationId()), followUpDays, e.attempt(), e.contactedAt());
        tasks.createByRule("attempt-" + e.inquiryId() + "-" + (e.attempt() + 1), e.locationId(), "NEXT_ATTEMPT",
                "INQUIRY", e.inquiryId(), inquiry.ownerId() != null ? inquiry.ownerId() : e.byUserId(), due,
                "inquiry.contacted");
    }

    /**
     * After attempt {@code n} went unanswered, the next is due on day {@code followUpDays[n-1]} counted from the
     * first attempt (the gaps between the configured days after this one), at the clinic's first opening that day.
     */
    static Instant nextAttemptDue(ClinicCalendar calendar, List<Integer> followUpDays, int attempt, Instant contactedAt) {
        int today = attempt == 1 ? 0 : followUpDays.get(attempt - 2);
        int gap = followUpDays.get(attempt - 1) - today;
        return calendar.firstOpeningOnOrAfter(calendar.dateOf(contactedAt).plusDays(Math.max(1, gap)));
    }

    private void closeAll(String inquiryId) {
        tasks.pendingAbout(inquiryId).forEach(t -> tasks.cancelByRule(t.id()));
    }

    private void complaint(ReceivedEvent<ComplaintOpened> event) {
        ComplaintOpened e = event.payload();
        ClinicTeam team = teams.of(e.locationId());
        tasks.createByRule("complaint-" + e.complaintId(), e.locationId(), "COMPLAINT_FOLLOW_UP", "PATIENT",
                e.patientId(), team.leadCoordinatorId(),
                clinics.calendarOf(e.locationId()).plusBusinessTime(e.openedAt(), team.responseTarget()), "complaint-opened");
    }

    private void messageFailed(ReceivedEvent<MessageFailed> event) {
        MessageFailed e = event.payload();
        if (e.locationId() == null || e.patientId() == null) {
            return;
        }
        ClinicTeam team = teams.of(e.locationId());
        tasks.createByRule("message-failed-" + e.messageId(), e.locationId(), "MESSAGE_FAILED", "PATIENT",
                e.patientId(), team.leadCoordinatorId(),
                clinics.calendarOf(e.locationId()).plusBusinessTime(e.failedAt(), team.responseTarget()), "message.failed");
    }

    /** The patient feels worse after her surgery: the clinic calls her (one task per check-in, whatever the redelivery). */
    private void checkInAnswered(ReceivedEvent<CheckInAnswered> event) {
        CheckInAnswered e = event.payload();
        if (!"WORSE".equals(e.answer()) || e.locationId() == null || e.patientId() == null) {
            return;
        }
        ClinicTeam team = teams.of(e.locationId());
        tasks.createByRule("post-op-call-" + e.messageId(), e.locationId(), "POST_OP_CALL", "PATIENT", e.patientId(),
                team.leadCoordinatorId(),
                clinics.calendarOf(e.locationId()).plusBusinessTime(e.answeredAt(), postOpCallWithin), "check-in-answered");
    }
}
