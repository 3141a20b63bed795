package health.liaison.scheduling.appointmenttypes;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/** The practice's appointment types, set up by coordinators and administrators. */
@RestController
@RequestMapping("/api/scheduling/v1/appointment-types")
public class AppointmentTypes {

    private final TenantStore<AppointmentType> types;

    AppointmentTypes(TenantStores stores) {
        this.types = stores.ofNamed(AppointmentType.class, "appointment_types", "appointment type");
    }

    public record DefineType(@NotBlank @Size(max = 120) String name, @NotNull AppointmentType.Category category,
                             @Min(5) @Max(720) int durationMinutes, @Min(0) @Max(240) int setupMinutes,
                             @Min(0) @Max(240) int turnoverMinutes,
                             @Size(max = 10) List<@jakarta.validation.Valid NeedInput> needs,
                             @Size(max = 100) List<@NotBlank @Size(max = 64) String> allowedProviderIds,
                             @Size(max = 10) List<@NotBlank @Size(max = 64) String> prerequisites,
                             @Size(max = 12) List<@Pattern(regexp = "P[0-9]+[DW]|P[0-9]+M", message = "must be an ISO-8601 period of days or weeks such as P1D, P7D, P2W") String> followUps,
                             @Size(max = 64) String followUpTypeId, Boolean requiresPriorAuthorization,
                             Boolean virtual) {
    }

    public record NeedInput(@NotNull @Pattern(regexp = "PROVIDER|ROOM|EQUIPMENT", message = "must be PROVIDER, ROOM or EQUIPMENT") String kind,
                            @NotBlank @Size(max = 40) String role) {
    }

    @Operation(summary = "Define or redefine an appointment type (duration, set-up and turnover buffers)")
    @PutMapping("/{typeId}")
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR')")
    ResponseEntity<AppointmentType> define(@PathVariable @Pattern(regexp = "[a-z0-9-]{1,64}") String typeId,
                                           @Valid @RequestBody DefineType request) {
        List<String> followUps = request.followUps() == null ? List.of() : request.followUps().stream()
                .map(p -> p.endsWith("W") ? "P" + Integer.parseInt(p.substring(1, p.length() - 1)) * 7 + "D" : p).toList();
        if (followUps.stream().anyMatch(p -> p.endsWith("M"))) {
            throw ApiProblem.invalid("followUps", "give months as days (P30D, P90D) so the offset is exact");
        }
        if (!followUps.isEmpty() && request.followUpTypeId() == null) {
            throw ApiProblem.invalid("followUpTypeId", "names the appointment type the follow-ups are booked as");
        }
        boolean virtual = Boolean.TRUE.equals(request.virtual());
        if (virtual && request.needs() != null && request.needs().stream().anyMatch(n -> !"PROVIDER".equals(n.kind()))) {
            throw ApiProblem.invalid("needs", "a virtual visit (video) needs providers only, no room or equipment");
        }
        if (virtual && request.category() != AppointmentType.Category.CONSULTATION && request.category() != AppointmentType.Category.PRE_OP
                && request.category() != AppointmentType.Category.POST_OP) {
            throw ApiProblem.invalid("virtual", "only consultations, pre-op and post-op visits can be virtual");
        }
        AppointmentType type = new AppointmentType(typeId, request.name(), request.category(), request.durationMinutes(),
                request.setupMinutes(), request.turnoverMinutes(),
                request.needs() == null ? List.of() : request.needs().stream()
                        .map(n -> new AppointmentType.Need(n.kind(), n.role().toUpperCase(java.util.Locale.ROOT))).toList(),
                request.allowedProviderIds(), request.prerequisites(), followUps, request.followUpTypeId(),
                Boolean.TRUE.equals(request.requiresPriorAuthorization()), virtual);
        Optional<Versioned<AppointmentType>> existing = types.find(typeId);
        Versioned<AppointmentType> saved;
        if (existing.isPresent()) {
            saved = types.update(typeId, existing.get().version(), type, List.of(), null);
        } else {
            try {
                saved = types.insert(type, List.of(), null);
            } catch (DuplicateKeyException definedMeanwhile) {
                saved = types.update(typeId, types.get(typeId).version(), type, List.of(), null);
            }
        }
        return ResponseEntity.ok().eTag(saved.etag()).body(saved.value());
    }

    @Operation(summary = "Read an appointment type")
    @GetMapping("/{typeId}")
    AppointmentType read(@PathVariable String typeId) {
        return types.get(typeId).value();
    }

    /** The type with that id in the caller's practice group. */
    public Optional<AppointmentType> find(String typeId) {
        return types.find(typeId).map(Versioned::value);
    }
}
