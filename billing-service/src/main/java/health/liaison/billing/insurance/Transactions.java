package health.liaison.billing.insurance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The X12 5010 transactions billing speaks: it builds the 270 eligibility inquiry and the 837P professional claim,
 * and reads the 271 eligibility response and the 835 remittance. Plain Java over {@link X12}.
 */
public final class Transactions {

    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    private Transactions() {
    }

    /** Who exchanges the interchange (ISA06/ISA08 ids) and its control number. */
    public record Parties(String senderId, String receiverId, int controlNumber, boolean production) {
    }

    public record Person(String firstName, String lastName, LocalDate dateOfBirth, String gender, String line1, String city,
                         String state, String postalCode) {
        @Override
        public String toString() {
            return "Person[redacted]";
        }
    }

    public record Provider(String name, String npi, String taxId, String line1, String city, String state, String postalCode) {
    }

    public record ServiceLine(String cpt, List<String> modifiers, BigDecimal charge, int units, LocalDate date) {
    }

    /** What an 837P needs about one claim. */
    public record ClaimData(String controlNumber, BigDecimal total, List<String> diagnoses, List<ServiceLine> lines,
                            Provider billingProvider, Person subscriber, String memberId, String groupNumber,
                            String payerName, String payerId) {
        @Override
        public String toString() {
            return "ClaimData[" + controlNumber + "]";
        }
    }

    public static String claim837P(ClaimData claim, Parties parties, LocalDateTime now) {
        X12.Writer w = envelope(parties, now, "HC", "005010X222A1");
        w.segment("ST", "837", "0001", "005010X222A1");
        w.segment("BHT", "0019", "00", claim.controlNumber(), now.format(CCYYMMDD), now.format(HHMM), "CH");
        w.segment("NM1", "41", "2", upper(claim.billingProvider().name()), "", "", "", "", "46", parties.senderId());
        w.segment("PER", "IC", "BILLING OFFICE", "TE", "3055550100");
        w.segment("NM1", "40", "2", upper(claim.payerName()), "", "", "", "", "46", parties.receiverId());
        w.segment("HL", "1", "", "20", "1");
        w.segment("NM1", "85", "2", upper(claim.billingProvider().name()), "", "", "", "", "XX", claim.billingProvider().npi());
        w.segment("N3", upper(claim.billingProvider().line1()));
        w.segment("N4", upper(claim.billingProvider().city()), claim.billingProvider().state(), claim.billingProvider().postalCode());
        w.segment("REF", "EI", claim.billingProvider().taxId());
        w.segment("HL", "2", "1", "22", "0");
        w.segment("SBR", "P", "18", claim.groupNumber() == null ? "" : claim.groupNumber(), "", "", "", "", "", "CI");
        Person s = claim.subscriber();
        w.segment("NM1", "IL", "1", upper(s.lastName()), upper(s.firstName()), "", "", "", "MI", claim.memberId());
        w.segment("N3", upper(s.line1()));
        w.segment("N4", upper(s.city()), s.state(), s.postalCode());
        w.segment("DMG", "D8", s.dateOfBirth().format(CCYYMMDD), s.gender() == null ? "U" : s.gender());
        w.segment("NM1", "PR", "2", upper(claim.payerName()), "", "", "", "", "PI", claim.payerId());
        w.segment("CLM", claim.controlNumber(), money(claim.total()), "", "", new String[]{"11", "B", "1"}, "Y", "A", "Y", "Y");
        List<Object> hi = new ArrayList<>();
        for (int i = 0; i < claim.diagnoses().size(); i++) {
            hi.add(new String[]{i == 0 ? "ABK" : "ABF", claim.diagnoses().get(i).replace(".", "")});
        }
        w.segment("HI", hi.toArray());
        int n = 1;
        for (ServiceLine line : claim.lines()) {
            w.segment("LX", Integer.toString(n++));
            String[] procedure = new String[2 + line.modifiers().size()];
            procedure[0] = "HC";
            procedure[1] = line.cpt();
            for (int m = 0; m < line.modifiers().size(); m++) {
                procedure[2 + m] = line.modifiers().get(m);
            }
            w.segment("SV1", procedure, money(line.charge()), "UN", Integer.toString(line.units()), "", "", new String[]{"1"});
            w.segment("DTP", "472", "D8", line.date().format(CCYYMMDD));
        }
        w.segment("SE", Integer.toString(w.transactionSegmentCount()), "0001");
        return close(w, parties);
    }

    public static String eligibility270(Provider provider, Person subscriber, String memberId, String payerName, String payerId,
                                        String trace, Parties parties, LocalDateTime now) {
        X12.Writer w = envelope(parties, now, "HS", "005010X279A1");
        w.segment("ST", "270", "0001", "005010X279A1");
        w.segment("BHT", "0022", "13", trace, now.format(CCYYMMDD), now.format(HHMM));
        w.segment("HL", "1", "", "20", "1");
        w.segment("NM1", "PR", "2", upper(payerName), "", "", "", "", "PI", payerId);
        w.segment("HL", "2", "1", "21", "1");
        w.segment("NM1", "1P", "2", upper(provider.name()), "", "", "", "", "XX", provider.npi());
        w.segment("HL", "3", "2", "22", "0");
        w.segment("TRN", "1", trace, "9" + provider.taxId());
        w.segment("NM1", "IL", "1", upper(subscriber.lastName()), upper(subscriber.firstName()), "", "", "", "MI", memberId);
        w.segment("DMG", "D8", subscriber.dateOfBirth().format(CCYYMMDD));
        w.segment("DTP", "291", "D8", now.toLocalDate().format(CCYYMMDD));
        w.segment("EQ", "30");
        w.segment("SE", Integer.toString(w.transactionSegmentCount()), "0001");
        return close(w, parties);
    }

    /** A 271: is coverage active, under which plan, and the benefit rows (co-insurance, co-pay, deductible...). */
    public record Eligibility(boolean active, String planName, List<Benefit> benefits) {
    }

    public record Benefit(String code, String coverageLevel, String serviceType, String timePeriod, BigDecimal amount,
                          BigDecimal percent, String description) {
    }

    public static Eligibility read271(String interchange) {
        List<X12.Segment> segments = X12.read(interchange);
        requireTransaction(segments, "271");
        boolean active = false;
        String plan = null;
        List<Benefit> benefits = new ArrayList<>();
        for (X12.Segment s : segments) {
            if (!s.tag().equals("EB")) {
                continue;
            }
            String code = s.get(1);
            if (code.equals("1")) {
                active = true;
                if (plan == null && !s.get(5).isEmpty()) {
                    plan = s.get(5);
                }
            }
            benefits.add(new Benefit(code, s.get(2), s.get(3), s.get(6), decimal(s.get(7)),
                    s.get(8).isEmpty() ? null : new BigDecimal(s.get(8)).movePointRight(2), s.get(5)));
        }
        return new Eligibility(active, plan, benefits);
    }

    /** An 835: the payment and, per claim, what was charged, paid, left to the patient and adjusted. */
    public record Remittance(String traceNumber, BigDecimal totalPaid, List<ClaimPayment> claims) {
    }

    /**
     * One CLP (loop 2100) with its claim-level CAS in {@code adjustments} and its SVC lines (loop 2110), each with its
     * own service-level CAS. X12 balancing: CLP04 = sum of SVC03 − claim-level CAS; SVC03 = SVC02 − service CAS.
     */
    public record ClaimPayment(String controlNumber, String status, BigDecimal charged, BigDecimal paid,
                               BigDecimal patientResponsibility, List<Adjustment> adjustments, List<ServicePayment> services) {
        public boolean denied() {
            return "4".equals(status);
        }

        /** Claim-level then service-level adjustments. */
        public List<Adjustment> allAdjustments() {
            List<Adjustment> all = new ArrayList<>(adjustments);
            services.forEach(s -> all.addAll(s.adjustments()));
            return all;
        }
    }

    public record Adjustment(String group, String reason, BigDecimal amount) {
    }

    /** One SVC: the procedure (SVC01, e.g. "HC:99211:RT"), charge (SVC02), paid (SVC03) and its own adjustments. */
    public record ServicePayment(String procedure, BigDecimal charged, BigDecimal paid, List<Adjustment> adjustments) {
        public ServicePayment {
            adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
        }

        /** The CPT/HCPCS code of SVC01 (its second component). */
        public String code() {
            String[] parts = procedure.split(":");
            return parts.length > 1 ? parts[1] : parts[0];
        }

        /** Modifiers of SVC01 (components 3 to 6). */
        public List<String> modifiers() {
            String[] parts = procedure.split(":");
            return parts.length > 2 ? List.of(parts).subList(2, parts.length) : List.of();
        }
    }

    /** A clearinghouse's or payer's word on one claim: accepted into adjudication, or rejected (with its STC code). */
    public record ClaimAcknowledgment(String controlNumber, boolean accepted, String statusCode) {
    }

    /**
     * Reads an X12 277CA claim acknowledgment: each claim's status tracking number (TRN*2, our CLM01) and the STC that
     * follows it. Category A1 (received) and A2 (accepted into adjudication) accept the claim; A3 (returned as
     * unprocessable), A4 (not found), A6, A7 and A8 (rejected) reject it.
     */
    public static List<ClaimAcknowledgment> read277CA(String interchange) {
        List<X12.Segment> segments = X12.read(interchange);
        requireTransaction(segments, "277");
        List<ClaimAcknowledgment> acknowledgments = new ArrayList<>();
        String control = null;
        for (X12.Segment s : segments) {
            if (s.tag().equals("TRN")) {
                control = "2".equals(s.get(1)) && !s.get(2).isEmpty() ? s.get(2) : null;
            } else if (s.tag().equals("STC") && control != null) {
                String status = s.get(1);
                String category = status.contains(":") ? status.substring(0, status.indexOf(':')) : status;
                if (!category.matches("A[0-9]")) {
                    throw new X12.Malformed("STC01", "STC01 must start with a claim status category such as A2 or A3, not " + category);
                }
                acknowledgments.add(new ClaimAcknowledgment(control, category.equals("A1") || category.equals("A2"), status));
                control = null;
            }
        }
        if (acknowledgments.isEmpty()) {
            throw new X12.Malformed("STC", "the 277CA names no claim: no TRN*2 followed by an STC");
        }
        return acknowledgments;
    }

    public static Remittance read835(String interchange) {
        List<X12.Segment> segments = X12.read(interchange);
        requireTransaction(segments, "835");
        String trace = null;
        BigDecimal total = null;
        List<ClaimPayment> claims = new ArrayList<>();
        String control = null, status = null;
        BigDecimal charged = null, paid = null, patient = null;
        List<Adjustment> adjustments = new ArrayList<>();
        List<ServicePayment> services = new ArrayList<>();
        // the SVC being read: CAS segments after it are its own (loop 2110), before any SVC the claim's (loop 2100)
        String svcProcedure = null;
        BigDecimal svcCharged = null, svcPaid = null;
        List<Adjustment> svcAdjustments = new ArrayList<>();
        for (X12.Segment s : segments) {
            switch (s.tag()) {
                case "BPR" -> total = money(s, 2, "BPR02", true);
                case "TRN" -> trace = s.get(2);
                case "CLP", "SE" -> {
                    if (svcProcedure != null) {
                        services.add(new ServicePayment(svcProcedure, svcCharged, svcPaid, svcAdjustments));
                        svcProcedure = null;
                    }
                    if (control != null) {
                        claims.add(balanced(new ClaimPayment(control, status, charged, paid, patient, adjustments, services)));
                        control = null;
                    }
                    if (s.tag().equals("CLP")) {
                        control = s.get(1);
                        if (control.isEmpty()) {
                            throw new X12.Malformed("CLP01", "CLP01 (claim control number) is missing");
                        }
                        status = s.get(2);
                        charged = money(s, 3, "CLP03", true);
                        paid = money(s, 4, "CLP04", true);
                        patient = s.get(5).isEmpty() ? BigDecimal.ZERO.setScale(2) : money(s, 5, "CLP05", false);
                        adjustments = new ArrayList<>();
                        services = new ArrayList<>();
                    }
                }
                case "CAS" -> {
                    if (control != null) {
                        List<Adjustment> into = svcProcedure != null ? svcAdjustments : adjustments;
                        // up to six reason/amount/quantity triples per CAS: CAS02/03, CAS05/06, ... CAS17/18
                        for (int i = 2; i + 1 <= s.elements().size() && i <= 17; i += 3) {
                            if (!s.get(i).isEmpty() && !s.get(i + 1).isEmpty()) {
                                into.add(new Adjustment(s.get(1), s.get(i), money(s, i + 1, String.format("CAS%02d", i + 1), true)));
                            }
                        }
                    }
                }
                case "SVC" -> {
                    if (control != null) {
                        if (svcProcedure != null) {
                            services.add(new ServicePayment(svcProcedure, svcCharged, svcPaid, svcAdjustments));
                        }
                        svcProcedure = s.get(1);
                        if (svcProcedure.isEmpty()) {
                            throw new X12.Malformed("SVC01", "SVC01 (procedure) is missing");
                        }
                        svcCharged = money(s, 2, "SVC02", true);
                        svcPaid = money(s, 3, "SVC03", true);
                        svcAdjustments = new ArrayList<>();
                    }
                }
                default -> {
                }
            }
        }
        return new Remittance(trace, total, claims);
    }

    /** Refuses a claim whose SVC lines do not add up to its payment (CLP04 = sum of SVC03 − claim-level CAS). */
    private static ClaimPayment balanced(ClaimPayment claim) {
        if (claim.services().isEmpty()) {
            return claim;
        }
        BigDecimal lines = claim.services().stream().map(ServicePayment::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal claimLevel = claim.adjustments().stream().map(Adjustment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (lines.subtract(claimLevel).compareTo(claim.paid()) != 0) {
            throw new X12.Malformed("CLP04", "CLP04 (claim payment) of claim " + claim.controlNumber()
                    + " does not balance with its SVC03 line payments less the claim-level adjustments");
        }
        return claim;
    }

    private static void requireTransaction(List<X12.Segment> segments, String type) {
        if (segments.stream().noneMatch(s -> s.tag().equals("ST") && s.get(1).equals(type))) {
            throw new X12.Malformed("the interchange holds no " + type + " transaction");
        }
    }

    private static X12.Writer envelope(Parties parties, LocalDateTime now, String functionalId, String version) {
        String control = String.format("%09d", parties.controlNumber());
        X12.Writer w = new X12.Writer();
        w.segment("ISA", "00", X12.fixed("", 10), "00", X12.fixed("", 10), "ZZ", X12.fixed(parties.senderId(), 15), "ZZ",
                X12.fixed(parties.receiverId(), 15), now.format(YYMMDD), now.format(HHMM), "^", "00501", control, "0",
                parties.production() ? "P" : "T", ":");
        w.segment("GS", functionalId, parties.senderId(), parties.receiverId(), now.format(CCYYMMDD), now.format(HHMM),
                Integer.toString(parties.controlNumber()), "X", version);
        return w;
    }

    private static String close(X12.Writer w, Parties parties) {
        w.segment("GE", "1", Integer.toString(parties.controlNumber()));
        w.segment("IEA", "1", String.format("%09d", parties.controlNumber()));
        return w.finish();
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static BigDecimal decimal(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new X12.Malformed("a monetary element is not a number");
        }
    }

    private static final java.util.regex.Pattern MONEY = java.util.regex.Pattern.compile("-?[0-9]{1,10}(\\.[0-9]{0,2})?|-?\\.[0-9]{1,2}");

    /**
     * A monetary element (X12 R type) as exact dollars and cents: at most two decimals, no exponent. Anything else is
     * refused naming the element (e.g. "CLP04"), never rounded.
     */
    private static BigDecimal money(X12.Segment segment, int position, String field, boolean required) {
        String value = segment.get(position);
        if (value.isEmpty()) {
            if (required) {
                throw new X12.Malformed(field, field + " (a monetary amount) is missing");
            }
            return null;
        }
        if (!MONEY.matcher(value).matches()) {
            throw new X12.Malformed(field, field + " (a monetary amount) must be a decimal number with at most 2 decimal places");
        }
        return new BigDecimal(value).setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    private static String upper(String value) {
        return value == null ? "" : value.toUpperCase(Locale.ROOT);
    }
}
