package health.liaison.insights;

import health.liaison.platform.events.DomainEvent;
import health.liaison.platform.events.billing.ClaimDenied;
import health.liaison.platform.events.billing.ClaimPaid;
import health.liaison.platform.events.billing.ClaimSubmitted;
import health.liaison.platform.events.billing.DepositInvoiced;
import health.liaison.platform.events.billing.DepositPaid;
import health.liaison.platform.events.billing.InvoiceOverdue;
import health.liaison.platform.events.billing.PaymentReceived;
import health.liaison.platform.events.billing.QuoteAccepted;
import health.liaison.platform.events.billing.QuoteIssued;
import health.liaison.platform.events.billing.RefundIssued;
import health.liaison.platform.events.inquiries.InquiryContacted;
import health.liaison.platform.events.inquiries.InquiryConverted;
import health.liaison.platform.events.inquiries.InquiryLost;
import health.liaison.platform.events.inquiries.InquiryReceived;
import health.liaison.platform.events.inquiries.InquiryWon;
import health.liaison.platform.events.inquiries.TaskCompleted;
import health.liaison.platform.events.inquiries.TaskDue;
import health.liaison.platform.events.inquiries.TaskOverdue;
import health.liaison.platform.events.inventory.KitReservationFailed;
import health.liaison.platform.events.records.ComplaintOpened;
import health.liaison.platform.events.records.ComplaintResolved;
import health.liaison.platform.events.scheduling.AppointmentBooked;
import health.liaison.platform.events.scheduling.AppointmentCancelled;
import health.liaison.platform.events.scheduling.AppointmentCheckedIn;
import health.liaison.platform.events.scheduling.AppointmentCompleted;
import health.liaison.platform.events.scheduling.AppointmentFlowAdvanced;
import health.liaison.platform.events.scheduling.AppointmentHeld;
import health.liaison.platform.events.scheduling.AppointmentHoldExpired;
import health.liaison.platform.events.scheduling.AppointmentNoShow;
import health.liaison.platform.events.scheduling.AppointmentRescheduled;
import health.liaison.platform.events.scheduling.LocationChanged;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * February 2026 at one New York clinic (UTC-5 all month; open Monday to Friday 08:00–18:00, 20 days, 200 hours),
 * every figure known by hand (see the expected values in {@code InsightsIT}):
 * <ul>
 *   <li>10 consultations at 10:00 local, checked in 5 minutes early, roomed after 2, 4, … 20 minutes, with the provider
 *   after 7, 9, 11, 13, 15, 22, 24, 26, 28, 50 minutes (five seen within 15 minutes of their time), checked out 30
 *   minutes after that; providers alternate A (even) and B (odd); the last was booked for the 27th and moved to the
 *   13th;</li>
 *   <li>2 no-shows (A, B), one late cancellation (12 hours before, A), one early one (B), one hold that lapsed;</li>
 *   <li>6 inquiries (3 web form, 3 phone; coordinator X owns four, Y two), first responses after 10, 30, 90, 45, —,
 *   120 minutes against a 60-minute target; 3 converted two days later, 2 of them quoted, 1 accepted and won ten days
 *   after its consultation, 1 lost;</li>
 *   <li>4 tasks due on the 10th for X: one done on time, one late (and escalated), one escalated, one open;</li>
 *   <li>a deposit invoiced and paid 2.5 days later, 3 payments, 1 refund, 1 overdue invoice, 3 claims (1 paid, 2
 *   denied);</li>
 *   <li>3 complaints due on the 12th: one resolved on the 10th, one at 20:00 local on the 12th (01:00 UTC on the
 *   13th: still within its SLA), one open;</li>
 *   <li>2 cases blocked by a stock-out, short of 2 distinct items.</li>
 * </ul>
 */
final class SeededMonth {

    /** An event and the time its envelope carries (when its publisher wrote it). */
    record Timed(DomainEvent event, Instant at) {
    }

    final String location;
    final String providerA;
    final String providerB;
    final String coordinatorX;
    final String coordinatorY;
    private final String run;
    private final List<Timed> events = new ArrayList<>();

    SeededMonth(String location, String run) {
        this.location = location;
        this.run = run;
        this.providerA = "dr-a-" + run;
        this.providerB = "dr-b-" + run;
        this.coordinatorX = "coord-x-" + run;
        this.coordinatorY = "coord-y-" + run;
        build();
    }

    List<Timed> events() {
        return events;
    }

    static LocationChanged clinic(String location, String zone, Instant changedAt) {
        Map<DayOfWeek, List<LocationChanged.OpeningSpan>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(new LocationChanged.OpeningSpan(LocalTime.of(8, 0), LocalTime.of(18, 0))));
        }
        return new LocationChanged(location, zone, hours, List.of(), changedAt);
    }

    private void build() {
        // the clinic as defined, and an older definition (another zone) that must not win when it arrives later
        add(clinic(location, "America/New_York", t("2026-01-05T12:00:00Z")), t("2026-01-05T12:00:00Z"));
        add(clinic(location, "Europe/London", t("2026-01-02T12:00:00Z")), t("2026-01-02T12:00:00Z"));

        List<LocalDate> days = List.of(d("2026-02-02"), d("2026-02-03"), d("2026-02-04"), d("2026-02-05"), d("2026-02-06"),
                d("2026-02-09"), d("2026-02-10"), d("2026-02-11"), d("2026-02-12"), d("2026-02-13"));
        int[] toRoomed = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20};
        int[] toProvider = {7, 9, 11, 13, 15, 22, 24, 26, 28, 50};
        for (int i = 0; i < days.size(); i++) {
            String apt = id("apt-c" + i);
            String provider = i % 2 == 0 ? providerA : providerB;
            Instant start = days.get(i).atTime(15, 0).toInstant(ZoneOffset.UTC);
            Instant bookedAt = t("2026-01-20T15:00:00Z").plusSeconds(i * 60L);
            if (i == 9) {
                Instant first = t("2026-02-27T15:00:00Z");
                add(new AppointmentBooked(apt, pat(i), location, "consultation", "CONSULTATION", List.of(provider),
                        List.of("room-1"), first, first.plusSeconds(3600)), bookedAt);
                add(new AppointmentRescheduled(apt, pat(i), location, "consultation", "CONSULTATION", List.of(provider),
                        List.of("room-1"), first, start, start.plusSeconds(3600)), t("2026-01-25T15:00:00Z"));
            } else {
                add(new AppointmentBooked(apt, pat(i), location, "consultation", "CONSULTATION", List.of(provider),
                        List.of("room-1"), start, start.plusSeconds(3600)), bookedAt);
            }
            Instant in = start.minus(Duration.ofMinutes(5));
            Instant roomed = in.plus(Duration.ofMinutes(toRoomed[i]));
            Instant seen = in.plus(Duration.ofMinutes(toProvider[i]));
            Instant out = seen.plus(Duration.ofMinutes(30));
            add(new AppointmentCheckedIn(apt, pat(i), location, "consultation", "CONSULTATION", in), in);
            add(new AppointmentFlowAdvanced(apt, location, AppointmentFlowAdvanced.ROOMED, roomed), roomed);
            add(new AppointmentFlowAdvanced(apt, location, AppointmentFlowAdvanced.WITH_PROVIDER, seen), seen);
            add(new AppointmentCompleted(apt, pat(i), location, "consultation", "CONSULTATION", out), out);
        }
        booking("apt-ns1", 20, providerA, t("2026-02-16T15:00:00Z"));
        add(new AppointmentNoShow(id("apt-ns1"), pat(20), location, "consultation", "CONSULTATION", t("2026-02-16T15:00:00Z"),
                t("2026-02-16T16:00:00Z")), t("2026-02-16T16:00:00Z"));
        booking("apt-ns2", 21, providerB, t("2026-02-17T15:00:00Z"));
        add(new AppointmentNoShow(id("apt-ns2"), pat(21), location, "consultation", "CONSULTATION", t("2026-02-17T15:00:00Z"),
                t("2026-02-17T16:00:00Z")), t("2026-02-17T16:00:00Z"));
        booking("apt-late", 22, providerA, t("2026-02-18T15:00:00Z"));
        add(new AppointmentCancelled(id("apt-late"), pat(22), location, "consultation", "CONSULTATION", t("2026-02-18T15:00:00Z"),
                "PATIENT_REQUEST", t("2026-02-18T03:00:00Z")), t("2026-02-18T03:00:00Z"));
        booking("apt-early", 23, providerB, t("2026-02-19T15:00:00Z"));
        add(new AppointmentCancelled(id("apt-early"), pat(23), location, "consultation", "CONSULTATION", t("2026-02-19T15:00:00Z"),
                "PATIENT_REQUEST", t("2026-02-10T15:00:00Z")), t("2026-02-10T15:00:00Z"));
        add(new AppointmentHeld(id("apt-held"), pat(24), location, "breast-augmentation", "SURGERY", t("2026-02-20T14:00:00Z"),
                t("2026-02-20T18:00:00Z"), t("2026-02-01T14:00:00Z")), t("2026-01-25T14:00:00Z"));
        add(new AppointmentHoldExpired(id("apt-held"), pat(24), location, t("2026-02-20T14:00:00Z"), t("2026-02-01T14:00:00Z")),
                t("2026-02-01T14:00:00Z"));

        int[] response = {10, 30, 90, 45, -1, 120};
        for (int i = 0; i < 6; i++) {
            String inquiry = id("inq-" + i);
            Instant received = t("2026-02-0" + (2 + i) + "T14:00:00Z");
            add(new InquiryReceived(inquiry, location, i < 3 ? "WEB_FORM" : "PHONE", "breast-augmentation",
                    i < 4 ? coordinatorX : coordinatorY, received.plus(Duration.ofMinutes(60)), received), received);
            if (response[i] >= 0) {
                Instant contacted = received.plus(Duration.ofMinutes(response[i]));
                add(new InquiryContacted(inquiry, location, "PHONE", "REACHED", 1, coordinatorX, contacted), contacted);
                if (i == 1) {
                    add(new InquiryContacted(inquiry, location, "EMAIL", "REACHED", 2, coordinatorX, contacted.plusSeconds(7200)),
                            contacted.plusSeconds(7200));
                }
            }
            if (i == 0 || i == 1 || i == 3) {
                Instant converted = received.plus(Duration.ofDays(2));
                add(new InquiryConverted(inquiry, location, pat(i), id("apt-c" + i), converted), converted);
                if (i != 3) {
                    Instant issued = converted.plus(Duration.ofDays(1));
                    add(new QuoteIssued(id("q-" + i), pat(i), location, i == 0 ? "breast-augmentation" : "rhinoplasty", 1, d("2026-03-31"), issued,
                            new BigDecimal(i == 0 ? "9800.00" : "7200.00"), "USD"), issued);
                    if (i == 1) {
                        // revised a day later: the latest version's total is the one quoted
                        Instant revised = issued.plus(Duration.ofDays(1));
                        add(new QuoteIssued(id("q-1"), pat(1), location, "rhinoplasty", 2, d("2026-03-31"), revised,
                                new BigDecimal("6950.50"), "USD"), revised);
                    }
                }
                if (i == 0) {
                    Instant accepted = converted.plus(Duration.ofDays(3));
                    add(new QuoteAccepted(id("q-0"), pat(0), location, "breast-augmentation", id("apt-s0"), id("dep-q-0"), accepted,
                            new BigDecimal("9800.00"), "USD"), accepted);
                    add(new InquiryWon(inquiry, location, pat(0), id("apt-s0"), converted.plus(Duration.ofDays(10))),
                            converted.plus(Duration.ofDays(10)));
                }
            }
            if (i == 4) {
                add(new InquiryLost(inquiry, location, "PRICE", t("2026-02-20T14:00:00Z")), t("2026-02-20T14:00:00Z"));
            }
        }

        Instant due = t("2026-02-10T15:00:00Z");
        for (int i = 0; i < 4; i++) {
            add(new TaskDue(id("task-" + i), location, coordinatorX, "CALL_BACK", "INQUIRY", id("inq-0"), due, t("2026-02-09T15:00:00Z")),
                    t("2026-02-09T15:00:00Z"));
        }
        add(new TaskCompleted(id("task-0"), location, coordinatorX, "CALL_BACK", due, due.minusSeconds(600)), due.minusSeconds(600));
        add(new TaskOverdue(id("task-1"), location, coordinatorX, "lead-" + run, "CALL_BACK", due, due.plusSeconds(300)), due.plusSeconds(300));
        add(new TaskCompleted(id("task-1"), location, coordinatorX, "CALL_BACK", due, due.plusSeconds(3600)), due.plusSeconds(3600));
        add(new TaskOverdue(id("task-2"), location, coordinatorX, "lead-" + run, "CALL_BACK", due, due.plusSeconds(300)), due.plusSeconds(300));

        add(new DepositInvoiced(id("dep-q-0"), id("q-0"), pat(0), location, id("apt-s0"), d("2026-02-20"), t("2026-02-10T15:00:00Z")),
                t("2026-02-10T15:00:00Z"));
        add(new DepositPaid(id("dep-q-0"), id("q-0"), pat(0), location, id("apt-s0"), t("2026-02-13T03:00:00Z"),
                new BigDecimal("2450.00"), "USD"), t("2026-02-13T03:00:00Z"));
        String[] paid = {"1200.00", "800.00", "450.00"};
        for (int i = 0; i < 3; i++) {
            Instant at = t("2026-02-1" + (3 + i) + "T16:00:00Z");
            add(new PaymentReceived(id("pay-" + i), id("dep-q-0"), pat(0), location, "CARD", at, new BigDecimal(paid[i]), "USD"), at);
        }
        add(new RefundIssued(id("ref-0"), id("pay-2"), id("dep-q-0"), pat(0), location, t("2026-02-17T16:00:00Z")), t("2026-02-17T16:00:00Z"));
        add(new InvoiceOverdue(id("inv-7"), pat(5), location, d("2026-02-14"), t("2026-02-15T13:00:00Z")), t("2026-02-15T13:00:00Z"));
        for (int i = 0; i < 3; i++) {
            add(new ClaimSubmitted(id("clm-" + i), pat(i), location, id("apt-c" + i), t("2026-02-04T16:00:00Z")), t("2026-02-04T16:00:00Z"));
        }
        add(new ClaimPaid(id("clm-0"), pat(0), location, t("2026-02-24T16:00:00Z")), t("2026-02-24T16:00:00Z"));
        add(new ClaimDenied(id("clm-1"), pat(1), location, "CO-50", t("2026-02-24T16:00:00Z")), t("2026-02-24T16:00:00Z"));
        add(new ClaimDenied(id("clm-2"), pat(2), location, "CO-97", t("2026-02-25T16:00:00Z")), t("2026-02-25T16:00:00Z"));

        for (int i = 0; i < 3; i++) {
            add(new ComplaintOpened(id("cmp-" + i), pat(i), location, "WAIT_TIME", d("2026-02-12"), t("2026-02-05T15:00:00Z")),
                    t("2026-02-05T15:00:00Z"));
        }
        add(new ComplaintResolved(id("cmp-0"), pat(0), location, "WAIT_TIME", t("2026-02-10T15:00:00Z")), t("2026-02-10T15:00:00Z"));
        add(new ComplaintResolved(id("cmp-1"), pat(1), location, "WAIT_TIME", t("2026-02-13T01:00:00Z")), t("2026-02-13T01:00:00Z"));

        add(new KitReservationFailed(id("apt-s1"), location, "breast-augmentation", List.of(new KitReservationFailed.Shortage("IMPLANT-A", 2, 0),
                new KitReservationFailed.Shortage("DRAPE-B", 1, 0)), t("2026-02-20T15:00:00Z")), t("2026-02-20T15:00:00Z"));
        add(new KitReservationFailed(id("apt-s2"), location, "breast-augmentation", List.of(new KitReservationFailed.Shortage("IMPLANT-A", 2, 1)),
                t("2026-02-21T15:00:00Z")), t("2026-02-21T15:00:00Z"));
    }

    private void booking(String apt, int patient, String provider, Instant start) {
        add(new AppointmentBooked(id(apt), pat(patient), location, "consultation", "CONSULTATION", List.of(provider),
                List.of("room-1"), start, start.plusSeconds(3600)), t("2026-01-21T15:00:00Z"));
    }

    private void add(DomainEvent event, Instant at) {
        events.add(new Timed(event, at));
    }

    private String id(String name) {
        return name + "-" + location;
    }

    private String pat(int i) {
        return "pat-" + i + "-" + location;
    }

    private static Instant t(String instant) {
        return Instant.parse(instant);
    }

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }
}
