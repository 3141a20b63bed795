package health.liaison.inventory.stock;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeldUnderTest {

    @Test
    void whatAReferenceHoldsIsWhatItReservedMinusWhatWasReleasedOrConsumedUnderIt() {
        List<Document> movements = List.of(
                movement("RECEIVE", 10, null),
                movement("RESERVE", 3, "case:a"),
                movement("RESERVE", 1, "case:a"),
                movement("RESERVE", 2, "case:b"),
                movement("RELEASE", 1, "case:a"),
                movement("CONSUME", 2, "case:b"));
        assertThat(StockLedger.heldUnder(movements, "case:a")).isEqualTo(3);
        assertThat(StockLedger.heldUnder(movements, "case:b")).isZero();
        assertThat(StockLedger.heldUnder(movements, "case:c")).isZero();
    }

    private static Document movement(String type, int quantity, String reference) {
        return new Document("type", type).append("quantity", quantity).append("reference", reference);
    }
}
