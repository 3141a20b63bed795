package health.liaison.platform.events;

import health.liaison.platform.events.inquiries.InquiryContacted;
import health.liaison.platform.events.inquiries.InquiryConverted;
import health.liaison.platform.events.inquiries.InquiryLost;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.events.inquiries.InquiryWon;
import health.liaison.platform.events.inquiries.TaskCompleted;
import health.liaison.platform.events.inquiries.TaskDue;
import health.liaison.platform.events.inquiries.TaskOverdue;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentHeld;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.events.scheduling.LocationChanged;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One example of every published event, the producer-side half of the contract test. Add yours to your area's block. */
final class EventSamples {

    static final Instant AT = Instant.parse("2026-03-08T14:00:00Z");

    static final Map<Class<? extends DomainEvent>, DomainEvent> SAMPLES = new HashMap<>();

    static {
        records();
        inquiries();
        scheduling();
        billing();
        inventory();
        notifications();
    }

    private static void add(DomainEvent sample) {
        SAMPLES.put(sample.getClass(), sample);
    }

    private static void records() {
        add(new PatientRegistered("pat-7f3a", "aurora-miami", AT));
        add(new health.liaison.platform.events.records.PatientContactChanged("pat-7f3a", "aurora-miami", AT));
        add(new health.liaison.platform.events.records.PatientsMerged("pat-7f3a", "pat-9c21", "aurora-miami", AT));
        add(new health.liaison.platform.events.records.ConsentSigned("cns-12", "pat-7f3a", "aurora-miami",
                "breast-augmentation", 3, AT));
        add(new health.liaison.platform.events.records.ConsentRevoked("cns-12", "pat-7f3a", "aurora-miami",
                "breast-augmentation", AT));
        add(new health.liaison.platform.events.records.CarePlanIssued("cp-5", "pat-7f3a", "aurora-miami", "apt-31",
                "PRE_OP", AT));
        add(new health.liaison.platform.events.records.ClearanceChanged("apt-31", "pat-7f3a", "aurora-miami", false,
                List.of("DEPOSIT_PAID", "INSTRUCTIONS_SENT"), AT));
        add(new health.liaison.platform.events.records.AuditCheckpointed("aurora", 1042L,
                "9f2c4e0a5b7d1e3f6a8c0b2d4e6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f", Instant.parse("2026-03-08T14:05:00Z"),
                "1234567890", "c2lnbmF0dXJl"));
        add(new health.liaison.platform.events.records.ComplaintOpened("cmp-2", "pat-7f3a", "aurora-miami", "BILLING",
                java.time.LocalDate.parse("2026-03-13"), AT));
        add(new health.liaison.platform.events.records.ComplaintResolved("cmp-2", "pat-7f3a", "aurora-miami", "BILLING", AT));
    }

    private static void inquiries() {
        Instant due = Instant.parse("2026-03-08T15:00:00Z");
        add(new InquiryReceived("inq-4b1", "aurora-miami", "WEB_FORM", "breast-augmentation", "coordinator@aurora", due, AT));
        add(new InquiryContacted("inq-4b1", "aurora-miami", "PHONE", "NO_ANSWER", 1, "coordinator@aurora", AT));
        add(new InquiryConverted("inq-4b1", "aurora-miami", "pat-7f3a", "apt-30", AT));
        add(new InquiryWon("inq-4b1", "aurora-miami", "pat-7f3a", "apt-31", AT));
        add(new InquiryLost("inq-4b1", "aurora-miami", "PRICE", AT));
        add(new TaskDue("tsk-9", "aurora-miami", "coordinator@aurora", "FIRST_RESPONSE", "INQUIRY", "inq-4b1", due, AT));
        add(new TaskOverdue("tsk-9", "aurora-miami", "coordinator@aurora", "lead@aurora", "FIRST_RESPONSE", due,
                due.plusSeconds(60)));
        add(new TaskCompleted("tsk-9", "aurora-miami", "coordinator@aurora", "FIRST_RESPONSE", due, AT));
    }

    private static void scheduling() {
        add(new LocationChanged("aurora-miami", "America/New_York",
                Map.of(DayOfWeek.MONDAY, List.of(new LocationChanged.OpeningSpan(LocalTime.of(8, 0), LocalTime.of(17, 0)))),
                List.of(LocalDate.parse("2026-12-25")), AT));
        Instant start = Instant.parse("2026-04-14T13:00:00Z");
        Instant end = Instant.parse("2026-04-14T16:30:00Z");
        add(new AppointmentBooked("apt-31", "pat-7f3a", "aurora-miami", "breast-augmentation", "SURGERY",
                List.of("prov-surgeon-1", "prov-anesthesia-2"), List.of("room-or-1"), start, end));
        add(new AppointmentRescheduled("apt-31", "pat-7f3a", "aurora-miami", "breast-augmentation", "SURGERY",
                List.of("prov-surgeon-1", "prov-anesthesia-2"), List.of("room-or-1"), start,
                start.plusSeconds(7 * 86400), end.plusSeconds(7 * 86400)));
        add(new AppointmentCancelled("apt-31", "pat-7f3a", "aurora-miami", "breast-augmentation", "SURGERY", start,
                "PATIENT_REQUEST", AT));
        add(new AppointmentCompleted("apt-31", "pat-7f3a", "aurora-miami", "breast-augmentation", "SURGERY", end));
        add(new AppointmentHeld("apt-31", "pat-7f3a", "aurora-miami", "breast-augmentation", "SURGERY", start, end,
                Instant.parse("2026-03-15T14:00:00Z")));
        add(new health.liaison.platform.events.scheduling.AppointmentConfirmed("apt-31", "pat-7f3a", "aurora-miami", "breast-augmentation",
                "SURGERY", start, "DEPOSIT_PAID", Instant.parse("2026-03-10T16:20:00Z")));
        add(new AppointmentHoldExpired("apt-31", "pat-7f3a", "aurora-miami", start, Instant.parse("2026-03-15T14:00:00Z")));
        add(new health.liaison.platform.events.scheduling.AppointmentCheckedIn("apt-31", "pat-7f3a", "aurora-miami",
                "breast-augmentation", "SURGERY", start.minusSeconds(1800)));
        add(new health.liaison.platform.events.scheduling.AppointmentNoShow("apt-31", "pat-7f3a", "aurora-miami",
                "breast-augmentation", "SURGERY", start, end));
        add(new health.liaison.platform.events.scheduling.AppointmentFlowAdvanced("apt-31", "aurora-miami", "ROOMED",
                start.minusSeconds(900)));
        add(new health.liaison.platform.events.scheduling.WaitlistSlotOffered("offer-9", "wait-4", "pat-7f3a", "aurora-miami",
                "breast-augmentation", start, AT.plusSeconds(7200)));
    }

    private static void billing() {
        java.time.LocalDate due = java.time.LocalDate.parse("2026-03-15");
        add(new health.liaison.platform.events.billing.QuoteIssued("q-8", "pat-7f3a", "aurora-miami", "breast-augmentation", 2, due, AT, new java.math.BigDecimal("8450.25"), "USD"));
        add(new health.liaison.platform.events.billing.QuoteAccepted("q-8", "pat-7f3a", "aurora-miami", "breast-augmentation", "apt-31", "dep-q-8", AT, new java.math.BigDecimal("8450.25"), "USD"));
        add(new health.liaison.platform.events.billing.DepositInvoiced("dep-q-8", "q-8", "pat-7f3a", "aurora-miami", "apt-31", due, AT));
        add(new health.liaison.platform.events.billing.DepositPaid("dep-q-8", "q-8", "pat-7f3a", "aurora-miami", "apt-31", AT, new java.math.BigDecimal("2112.55"), "USD"));
        add(new health.liaison.platform.events.billing.PaymentReceived("pay-3", "dep-q-8", "pat-7f3a", "aurora-miami", "CARD", AT, new java.math.BigDecimal("2112.55"), "USD"));
        add(new health.liaison.platform.events.billing.RefundIssued("ref-1", "pay-3", "dep-q-8", "pat-7f3a", "aurora-miami", AT));
        add(new health.liaison.platform.events.billing.InvoiceOverdue("inv-5", "pat-7f3a", "aurora-miami", due, AT));
        add(new health.liaison.platform.events.billing.InstalmentOverdue("inv-5", 2, "pat-7f3a", "aurora-miami", due, AT));
        add(new health.liaison.platform.events.billing.PriorAuthorizationDecided("pa-1", "pat-7f3a", "aurora-miami", "apt-31", "APPROVED", due,
                due.plusDays(90), AT));
        add(new health.liaison.platform.events.billing.ClaimSubmitted("clm-1", "pat-7f3a", "aurora-miami", "apt-31", AT));
        add(new health.liaison.platform.events.billing.ClaimPaid("clm-1", "pat-7f3a", "aurora-miami", AT));
        add(new health.liaison.platform.events.billing.ClaimDenied("clm-1", "pat-7f3a", "aurora-miami", "CO-50", AT));
    }

    private static void inventory() {
        add(new health.liaison.platform.events.inventory.KitReserved("apt-31", "aurora-miami", "breast-augmentation", 6, AT));
        add(new health.liaison.platform.events.inventory.KitReservationFailed("apt-31", "aurora-miami", "breast-augmentation",
                List.of(new health.liaison.platform.events.inventory.KitReservationFailed.Shortage("IMPL-SIL-350", 2, 1)), AT));
        add(new health.liaison.platform.events.inventory.KitReleased("apt-31", "aurora-miami", AT));
        add(new health.liaison.platform.events.inventory.CaseSuppliesConsumed("apt-31", "pat-7f3a", "aurora-miami", 6, 1, AT));
        add(new health.liaison.platform.events.inventory.StockBelowReorderPoint("SUT-4-0", "aurora-miami", 3, 10, AT));
        add(new health.liaison.platform.events.inventory.StockExpiring("BOTOX-100", "aurora-miami", "C3709C3", java.time.LocalDate.parse("2026-04-30"), 60, AT));
        add(new health.liaison.platform.events.inventory.RecallRaised("rcl-1", "Mentor", "IMPL-SIL-350", "7654321D", List.of("apt-31"), List.of("pat-7f3a"), AT));
        add(new health.liaison.platform.events.inventory.EquipmentOutOfService("laser-2", "aurora-miami", "FAILED_INSPECTION", AT));
        add(new health.liaison.platform.events.inventory.EquipmentBackInService("laser-2", "aurora-miami", AT));
    }

    private static void notifications() {
        add(new health.liaison.platform.events.notifications.MessageSent("rem-apt-31-1776171600-PT48H-SMS", "pat-7f3a",
                "aurora-miami", "apt-31", "REMINDER", "SMS", AT));
        add(new health.liaison.platform.events.notifications.MessageDelivered("rem-apt-31-1776171600-PT48H-SMS",
                "pat-7f3a", "aurora-miami", "SMS", AT.plusSeconds(5)));
        add(new health.liaison.platform.events.notifications.MessageFailed("rem-apt-31-1776171600-PT48H-EMAIL",
                "pat-7f3a", "aurora-miami", "apt-31", "REMINDER", "EMAIL", "RETRIES_EXHAUSTED", 5, AT));
        add(new health.liaison.platform.events.notifications.PatientConfirmed("rem-apt-31-1776171600-PT48H-SMS",
                "pat-7f3a", "aurora-miami", "apt-31", AT.plusSeconds(600)));
        add(new health.liaison.platform.events.notifications.PatientOptedOut("rem-apt-31-1776171600-PT48H-SMS",
                "pat-7f3a", "aurora-miami", "SMS", AT.plusSeconds(600)));
        add(new health.liaison.platform.events.notifications.CheckInAnswered("postop-apt-31-PT24H-SMS",
                "pat-7f3a", "aurora-miami", "apt-31", "WORSE", AT.plusSeconds(900)));
    }

    private EventSamples() {
    }
}
