package health.liaison.gateway.protection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedCountersTest {

    @Test
    void anOrdinaryUserIdIsItsOwnFieldName() {
        assertThat(SharedCounters.fieldName("8f2c-41aa_b:x")).isEqualTo("8f2c-41aa_b:x");
    }

    @Test
    void pathSeparatorsOperatorsAndTheEscapeItselfAreEscapedSoIdsStayDistinct() {
        assertThat(SharedCounters.fieldName("a.b")).isEqualTo("a%2eb");
        assertThat(SharedCounters.fieldName("$where")).isEqualTo("%24where");
        assertThat(SharedCounters.fieldName("a%2eb")).isEqualTo("a%252eb");
        assertThat(SharedCounters.fieldName("a\u0000")).isEqualTo("a%00");
        assertThat(SharedCounters.fieldName("")).isEqualTo("%");
        assertThat(SharedCounters.fieldName("a.b")).isNotEqualTo(SharedCounters.fieldName("a%2eb"));
    }
}
