package health.liaison.inventory.udi;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdiTest {

    @Test
    void thePrintedFormIsRead() {
        Udi udi = Udi.parse("(01)09504000059118(17)141120(10)7654321D(21)10987654d321");
        assertThat(udi.gtin()).isEqualTo("09504000059118");
        assertThat(udi.expiresOn()).isEqualTo(LocalDate.of(2014, 11, 20));
        assertThat(udi.lot()).isEqualTo("7654321D");
        assertThat(udi.serial()).isEqualTo("10987654d321");
    }

    @Test
    void theRawScannerFormWithGroupSeparatorsIsRead() {
        Udi udi = Udi.parse("]d20109504000059118" + "17141120" + "107654321D\u001d2110987654d321");
        assertThat(udi.gtin()).isEqualTo("09504000059118");
        assertThat(udi.lot()).isEqualTo("7654321D");
        assertThat(udi.serial()).isEqualTo("10987654d321");
    }

    @Test
    void dayZeroMeansTheLastDayOfTheMonth() {
        assertThat(Udi.parse("(01)09504000059118(17)280200").expiresOn()).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void malformedUdisAreRefusedSayingWhy() {
        assertThatThrownBy(() -> Udi.parse("(01)09504000059119(10)X")).hasMessageContaining("check digit");
        assertThatThrownBy(() -> Udi.parse("(10)ABC")).hasMessageContaining("GTIN");
        assertThatThrownBy(() -> Udi.parse("(01)09504000059118(17)141320")).hasMessageContaining("month");
        assertThatThrownBy(() -> Udi.parse("(01)09504000059118(99)x")).hasMessageContaining("does not know");
        assertThatThrownBy(() -> Udi.parse("hello")).isInstanceOf(Udi.Malformed.class);
        assertThatThrownBy(() -> Udi.parse("")).hasMessageContaining("empty");
    }
}
