package health.liaison.records.history;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** A medical history intake as the nurse or coordinator records it. Sealed as a whole when stored. */
public record Intake(
        @Valid @Size(max = 100) List<Condition> conditions,
        @Valid @Size(max = 100) List<Allergy> allergies,
        @Valid @Size(max = 100) List<Medication> medications,
        @Valid @Size(max = 100) List<PriorSurgery> priorSurgeries,
        @NotNull @Pattern(regexp = "NEVER|FORMER|CURRENT", message = "must be NEVER, FORMER or CURRENT") String smoking,
        boolean vaping,
        @DecimalMin(value = "50", message = "must be between 50 and 250 cm") @DecimalMax(value = "250", message = "must be between 50 and 250 cm")
        @Digits(integer = 3, fraction = 1) BigDecimal heightCm,
        @DecimalMin(value = "20", message = "must be between 20 and 400 kg") @DecimalMax(value = "400", message = "must be between 20 and 400 kg")
        @Digits(integer = 3, fraction = 1) BigDecimal weightKg,
        @Pattern(regexp = "NOT_APPLICABLE|NOT_PREGNANT|PREGNANT|UNKNOWN",
                message = "must be NOT_APPLICABLE, NOT_PREGNANT, PREGNANT or UNKNOWN") String pregnancy) {

    public record Condition(@NotBlank @Size(max = 200) String name,
                            @Pattern(regexp = "[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?", message = "must be an ICD-10 code such as E11.9") String icd10,
                            @Pattern(regexp = "ACTIVE|RESOLVED", message = "must be ACTIVE or RESOLVED") String status) {
    }

    public record Allergy(@NotBlank @Size(max = 200) String substance, @Size(max = 200) String reaction,
                          @Pattern(regexp = "MILD|MODERATE|SEVERE", message = "must be MILD, MODERATE or SEVERE") String severity) {
    }

    public record Medication(@NotBlank @Size(max = 200) String name, @Size(max = 100) String dose,
                             @Size(max = 100) String frequency) {
    }

    public record PriorSurgery(@NotBlank @Size(max = 200) String procedure, @Min(1900) @Max(2100) Integer year,
                               @Size(max = 200) String complications) {
    }

    @Override
    public String toString() {
        return "Intake[redacted]";
    }
}
