package health.liaison.records.history;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreOpStopListTest {

    @Test
    void anticoagulantsGlp1AgonistsNsaidsAndSupplementsAreFlaggedWithTheirStopDays() {
        List<PreOpStopList.Advice> advice = PreOpStopList.of(List.of(
                new Intake.Medication("Eliquis 5 mg", null, null), new Intake.Medication("Wegovy", null, null),
                new Intake.Medication("Victoza", null, null), new Intake.Medication("Ibuprofen", null, null),
                new Intake.Medication("Fish oil", null, null), new Intake.Medication("Levothyroxine", null, null)));
        assertThat(advice).extracting(PreOpStopList.Advice::drugClass).containsExactly("anticoagulant",
                "GLP-1 agonist (weekly)", "GLP-1 agonist (daily)", "NSAID", "supplement");
        assertThat(advice).extracting(PreOpStopList.Advice::stopDaysBefore).containsExactly(3, 7, 1, 3, 14);
        assertThat(PreOpStopList.of(null)).isEmpty();
    }

    @Test
    void bmiIsWeightOverHeightSquaredToOneDecimal() {
        Intake intake = new Intake(null, null, null, null, "NEVER", false, new BigDecimal("180.0"), new BigDecimal("81.0"), null);
        assertThat(MedicalHistory.bmi(intake)).isEqualByComparingTo("25.0");
        assertThat(MedicalHistory.bmi(new Intake(null, null, null, null, "NEVER", false, null, new BigDecimal("81"), null))).isNull();
    }
}
