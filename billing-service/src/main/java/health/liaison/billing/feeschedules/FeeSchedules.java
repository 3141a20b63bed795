package health.liaison.billing.feeschedules;

import health.liaison.billing.money.Amounts;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Fee schedules per clinic and procedure type, set by billing staff and administrators. */
@RestController
@RequestMapping("/api/billing/v1/fee-schedules")
public class FeeSchedules {

    static final Set<String> LINES = Set.of("SURGEON", "ANESTHESIA", "FACILITY", "IMPLANTS", "GARMENTS", "LABS");

    private final TenantStore<FeeSchedule> schedules;

    FeeSchedules(TenantStores stores) {
        this.schedules = stores.of(FeeSchedule.class, "fee_schedules", "fee schedule");
    }

    record Define(@NotBlank String currency, @NotNull BigDecimal surgeonFee, Map<String, BigDecimal> surgeonFees,
                  BigDecimal anesthesiaPer15Minutes, BigDecimal facilityFee, BigDecimal implantsAndSupplies,
                  BigDecimal garments, BigDecimal labs, BigDecimal taxRatePercent, @Size(max = 6) List<String> taxedLines,
                  BigDecimal depositPercent, @Min(0) @Max(120) Integer depositDueDays,
                  BigDecimal discountApprovalAbovePercent, @Valid @Size(max = 10) List<FeeSchedule.CancellationTier> cancellation,
                  BigDecimal noShowFee, @Min(0) @Max(120) Integer balanceDueDays, BigDecimal depositAmount) {
    }

    @Operation(summary = "Set the fee schedule of a procedure type at a clinic (fees, tax, deposit, discounts, cancellation)")
    @PutMapping("/{locationId}/{appointmentTypeId}")
    @PreAuthorize("hasAnyRole('BILLING','ADMIN')")
    FeeSchedule define(@PathVariable String locationId, @PathVariable String appointmentTypeId, @Valid @RequestBody Define request) {
        Currency currency = Amounts.currency(request.currency(), "currency");
        Map<String, BigDecimal> surgeonFees = new LinkedHashMap<>();
        if (request.surgeonFees() != null) {
            request.surgeonFees().forEach((surgeon, fee) -> surgeonFees.put(surgeon, Amounts.amount(fee, currency, "surgeonFees." + surgeon)));
        }
        List<String> taxed = request.taxedLines() == null ? List.of() : request.taxedLines();
        for (String line : taxed) {
            if (!LINES.contains(line)) {
                throw ApiProblem.invalid("taxedLines", line + " is not one of " + String.join(", ", LINES.stream().sorted().toList()));
            }
        }
        if ((request.depositPercent() == null) == (request.depositAmount() == null)) {
            throw ApiProblem.invalid("depositPercent", "give the deposit as depositPercent or as a fixed depositAmount (one of the two)");
        }
        FeeSchedule schedule = new FeeSchedule(locationId + ":" + appointmentTypeId, locationId, appointmentTypeId,
                currency.getCurrencyCode(), Amounts.amount(request.surgeonFee(), currency, "surgeonFee"), surgeonFees,
                optional(request.anesthesiaPer15Minutes(), currency, "anesthesiaPer15Minutes"),
                optional(request.facilityFee(), currency, "facilityFee"), optional(request.implantsAndSupplies(), currency, "implantsAndSupplies"),
                optional(request.garments(), currency, "garments"), optional(request.labs(), currency, "labs"),
                percent(request.taxRatePercent(), "taxRatePercent"), taxed, percent(request.depositPercent(), "depositPercent"),
                request.depositDueDays() == null ? 7 : request.depositDueDays(),
                request.discountApprovalAbovePercent() == null ? BigDecimal.TEN : percent(request.discountApprovalAbovePercent(), "discountApprovalAbovePercent"),
                request.cancellation(), optional(request.noShowFee(), currency, "noShowFee"),
                request.balanceDueDays() == null ? 14 : request.balanceDueDays(),
                request.depositAmount() == null ? null : Amounts.amount(request.depositAmount(), currency, "depositAmount"));
        if (request.cancellation() != null) {
            for (FeeSchedule.CancellationTier tier : request.cancellation()) {
                percent(tier.refundPercent(), "cancellation.refundPercent");
                if (tier.daysBefore() < 0) {
                    throw ApiProblem.invalid("cancellation.daysBefore", "must not be negative");
                }
            }
        }
        Optional<Versioned<FeeSchedule>> existing = schedules.find(schedule.id());
        try {
            return existing.isPresent()
                    ? schedules.update(schedule.id(), existing.get().version(), schedule, List.of(), locationId).value()
                    : schedules.insert(schedule, List.of(), locationId).value();
        } catch (DuplicateKeyException definedMeanwhile) {
            return schedules.update(schedule.id(), schedules.get(schedule.id()).version(), schedule, List.of(), locationId).value();
        }
    }

    @Operation(summary = "Read a fee schedule")
    @GetMapping("/{locationId}/{appointmentTypeId}")
    FeeSchedule read(@PathVariable String locationId, @PathVariable String appointmentTypeId) {
        return schedules.get(locationId + ":" + appointmentTypeId).value();
    }

    public Optional<FeeSchedule> find(String locationId, String appointmentTypeId) {
        return schedules.find(locationId + ":" + appointmentTypeId).map(Versioned::value);
    }

    private static BigDecimal optional(BigDecimal value, Currency currency, String field) {
        return value == null ? Amounts.zero(currency) : Amounts.amount(value, currency, field);
    }

    static BigDecimal percent(BigDecimal value, String field) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiProblem.invalid(field, "must be a percentage between 0 and 100");
        }
        if (value.stripTrailingZeros().scale() > 3) {
            throw ApiProblem.invalid(field, "has more than 3 decimal places");
        }
        return value;
    }
}
