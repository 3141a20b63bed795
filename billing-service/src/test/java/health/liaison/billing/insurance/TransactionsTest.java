package health.liaison.billing.insurance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The X12 transactions against the reference samples, read and written with StAEDI. */
class TransactionsTest {

    static String sample(String name) throws IOException {
        try (InputStream in = TransactionsTest.class.getResourceAsStream("/x12/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSample271ShowsActiveCoverageUnderTheGoldPlanWithItsCostSharing() throws IOException {
        Transactions.Eligibility eligibility = Transactions.read271(sample("subscriber.271"));
        assertThat(eligibility.active()).isTrue();
        assertThat(eligibility.planName()).isEqualTo("GOLD 123 PLAN");
        assertThat(eligibility.benefits()).extracting(Transactions.Benefit::code).containsExactly("1", "L", "1", "B", "B");
        Transactions.Benefit copay = eligibility.benefits().get(3);
        assertThat(copay.amount()).isEqualByComparingTo("10.00");
        assertThat(copay.timePeriod()).isEqualTo("27");
        assertThat(copay.serviceType()).startsWith("1^33^35");
    }

    @Test
    void theSample835PaysTheRightAmountsToTheRightClaims() throws IOException {
        Transactions.Remittance remittance = Transactions.read835(sample("managed-care.835"));
        assertThat(remittance.totalPaid()).isEqualByComparingTo("945.00");
        assertThat(remittance.claims()).hasSize(2);
        Transactions.ClaimPayment first = remittance.claims().get(0);
        assertThat(first.controlNumber()).isEqualTo("5554555444");
        assertThat(first.charged()).isEqualByComparingTo("800.00");
        assertThat(first.paid()).isEqualByComparingTo("450.00");
        assertThat(first.patientResponsibility()).isEqualByComparingTo("300.00");
        // the CAS before the SVC is the claim's (loop 2100), the one after it the line's (loop 2110)
        assertThat(first.adjustments()).extracting(a -> a.group() + ":" + a.reason() + ":" + a.amount().toPlainString())
                .containsExactly("CO:A2:50.00");
        assertThat(first.services()).hasSize(1);
        assertThat(first.services().getFirst().code()).isEqualTo("99211");
        assertThat(first.services().getFirst().paid()).isEqualByComparingTo("500.00");
        assertThat(first.services().getFirst().adjustments()).extracting(a -> a.group() + ":" + a.reason() + ":" + a.amount().toPlainString())
                .containsExactly("PR:1:300.00");
        assertThat(first.allAdjustments()).hasSize(2);
        Transactions.ClaimPayment second = remittance.claims().get(1);
        assertThat(second.controlNumber()).isEqualTo("8765432112");
        assertThat(second.paid()).isEqualByComparingTo("495.00");
        assertThat(second.allAdjustments().stream().filter(a -> a.group().equals("CO")).map(Transactions.Adjustment::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("105.00");
        assertThat(second.services().getFirst().adjustments()).extracting(a -> a.group() + ":" + a.reason())
                .containsExactly("PR:1", "CO:45");
    }

    @Test
    void anOverPreciseOrMalformedAmountIsRefusedNamingTheElement() throws IOException {
        String sample = sample("managed-care.835");
        assertThatThrownBy(() -> Transactions.read835(sample.replace("CLP*5554555444*1*800.00*450.00", "CLP*5554555444*1*800.00*450.005")))
                .isInstanceOfSatisfying(X12.Malformed.class, e -> assertThat(e.field).isEqualTo("CLP04"))
                .hasMessageContaining("CLP04");
        assertThatThrownBy(() -> Transactions.read835(sample.replace("CAS*CO*A2*50.00", "CAS*CO*A2*5E1")))
                .isInstanceOfSatisfying(X12.Malformed.class, e -> assertThat(e.field).isEqualTo("CAS03"));
        assertThatThrownBy(() -> Transactions.read835(sample.replace("SVC*HC:99211*800.00*500.00", "SVC*HC:99211*800.00*500.001")))
                .isInstanceOfSatisfying(X12.Malformed.class, e -> assertThat(e.field).isEqualTo("SVC03"));
        assertThatThrownBy(() -> Transactions.read835(sample.replace("BPR*I*945.00", "BPR*I*945.1234")))
                .isInstanceOfSatisfying(X12.Malformed.class, e -> assertThat(e.field).isEqualTo("BPR02"));
        // the line paid 490 but the claim says 450 with 50 taken at claim level: does not balance
        assertThatThrownBy(() -> Transactions.read835(sample.replace("SVC*HC:99211*800.00*500.00", "SVC*HC:99211*800.00*490.00")))
                .isInstanceOfSatisfying(X12.Malformed.class, e -> assertThat(e.field).isEqualTo("CLP04"));
    }

    @Test
    void aGenerated837PReadsBackWithoutErrorsAndHasTheShapeOfTheSample() throws IOException {
        Transactions.ClaimData claim = new Transactions.ClaimData("4815162342", new BigDecimal("100.00"), List.of("L90.5", "Z41.1"),
                List.of(new Transactions.ServiceLine("15830", List.of(), new BigDecimal("60.00"), 1, LocalDate.of(2026, 4, 14)),
                        new Transactions.ServiceLine("15847", List.of("59"), new BigDecimal("40.00"), 1, LocalDate.of(2026, 4, 14))),
                new Transactions.Provider("Aurora Aesthetics Miami", "1912301953", "587654321", "234 Seaway St", "Miami", "FL", "331110000"),
                new Transactions.Person("Jane", "Smith", LocalDate.of(1973, 5, 1), "F", "236 N Main St", "Miami", "FL", "33413"),
                "JS00111223333", "2222-SJ", "Key Insurance Company", "999996666");
        String x12 = Transactions.claim837P(claim, new Transactions.Parties("AURORA", "KEYINS", 907, false), LocalDateTime.of(2026, 4, 20, 11, 47));

        List<X12.Segment> ours = X12.read(x12);
        List<X12.Segment> theirs = X12.read(sample("professional-claim.837"));
        assertThat(ours.stream().filter(s -> s.tag().equals("CLM")).findFirst().orElseThrow().get(2)).isEqualTo("100.00");
        assertThat(ours.stream().filter(s -> s.tag().equals("SV1")).count()).isEqualTo(2);
        assertThat(ours.stream().filter(s -> s.tag().equals("SE")).findFirst().orElseThrow().get(1))
                .isEqualTo(Long.toString(ours.stream().dropWhile(s -> !s.tag().equals("ST")).takeWhile(s -> !s.tag().equals("GE")).count()));
        // the same envelope and the same claim header shape as the well-formed sample
        assertThat(tags(ours, 8)).isEqualTo(tags(theirs, 8));
        assertThat(ours.stream().filter(s -> s.tag().equals("GS")).findFirst().orElseThrow().get(1)).isEqualTo("HC");
    }

    @Test
    void aGenerated270ReadsBackWithoutErrors() {
        String x12 = Transactions.eligibility270(new Transactions.Provider("Aurora Aesthetics", "1467857193", "587654321", null, null, null, null),
                new Transactions.Person("John", "Doe", LocalDate.of(1970, 1, 1), "M", null, null, null, null), "00000000001",
                "Payer C", "12345", "TRACE123", new Transactions.Parties("AURORA", "PAYERC", 12, false), LocalDateTime.of(2026, 4, 1, 9, 30));
        List<X12.Segment> segments = X12.read(x12);
        assertThat(segments.stream().filter(s -> s.tag().equals("ST")).findFirst().orElseThrow().get(1)).isEqualTo("270");
        assertThat(segments.stream().filter(s -> s.tag().equals("EQ")).findFirst().orElseThrow().get(1)).isEqualTo("30");
    }

    @Test
    void malformedX12IsRefusedSayingWhy() throws IOException {
        assertThatThrownBy(() -> X12.read("hello")).isInstanceOf(X12.Malformed.class);
        String broken = sample("managed-care.835").replace("SE*26*112233", "SE*99*112233");
        assertThatThrownBy(() -> Transactions.read835(broken)).isInstanceOf(X12.Malformed.class).hasMessageContaining("segment");
        assertThatThrownBy(() -> Transactions.read835(sample("subscriber.271"))).hasMessageContaining("no 835");
    }

    private static List<String> tags(List<X12.Segment> segments, int n) {
        return segments.stream().limit(n).map(X12.Segment::tag).toList();
    }
}
