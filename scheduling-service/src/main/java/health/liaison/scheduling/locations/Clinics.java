package health.liaison.scheduling.locations;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import health.liaison.platform.events.scheduling.LocationChanged;
import health.liaison.platform.store.TenantStore.Change;
import health.liaison.platform.validation.WithinTimeBounds;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The practice group's clinics, with time zone and opening hours. */
@RestController
@RequestMapping("/api/scheduling/v1/locations")
public class Clinics {

    private final TenantStore<Clinic> clinics;

    Clinics(TenantStores stores) {
        this.clinics = stores.ofNamed(Clinic.class, "clinics", "clinic");
    }

    public record DefineClinic(@NotBlank @Size(max = 120) String name, @NotBlank String zoneId,
                               @NotNull Map<DayOfWeek, List<Clinic.OpeningHours>> hours) {
    }

    @Operation(summary = "Define a clinic's time zone (IANA, e.g. America/New_York) and opening hours per weekday")
    @PutMapping("/{locationId}")
    @PreAuthorize("hasRole('ADMIN')")
    Clinic define(@PathVariable @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId, @Valid @RequestBody DefineClinic request) {
        try {
            ZoneId.of(request.zoneId());
        } catch (DateTimeException e) {
            throw ApiProblem.invalid("zoneId", "is not an IANA time zone such as America/New_York");
        }
        request.hours().forEach((day, spans) -> spans.forEach(span -> {
            if (span.opens() == null || span.closes() == null || !span.closes().isAfter(span.opens())) {
                throw ApiProblem.invalid("hours." + day, "each span needs opens before closes");
            }
        }));
        Optional<Versioned<Clinic>> existing = clinics.find(locationId);
        Clinic clinic = new Clinic(locationId, request.name(), request.zoneId(), request.hours(),
                existing.map(e -> e.value().holidays()).orElse(Map.of()));
        List<LocationChanged> changed = List.of(changedEvent(clinic));
        try {
            return existing.isPresent()
                    ? clinics.update(locationId, existing.get().version(), clinic, changed, locationId).value()
                    : clinics.insert(clinic, changed, locationId).value();
        } catch (DuplicateKeyException definedMeanwhile) {
            return clinics.update(locationId, clinics.get(locationId).version(), clinic, changed, locationId).value();
        }
    }

    public record Holiday(@NotBlank @Size(max = 120) String name) {
    }

    @Operation(summary = "Close a clinic for a holiday (a local date): no availability, no booking that day")
    @PutMapping("/{locationId}/holidays/{date}")
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR')")
    Clinic holiday(@PathVariable String locationId, @PathVariable @WithinTimeBounds LocalDate date, @Valid @RequestBody Holiday request) {
        return clinics.modify(locationId, c -> {
            Map<String, String> holidays = new TreeMap<>(c.holidays());
            holidays.put(date.toString(), request.name());
            return announced(new Clinic(c.id(), c.name(), c.zoneId(), c.hours(), holidays));
        }).value();
    }

    @Operation(summary = "Reopen a clinic on a date that was a holiday")
    @DeleteMapping("/{locationId}/holidays/{date}")
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR')")
    Clinic reopen(@PathVariable String locationId, @PathVariable LocalDate date) {
        return clinics.modify(locationId, c -> {
            Map<String, String> holidays = new TreeMap<>(c.holidays());
            holidays.remove(date.toString());
            return announced(new Clinic(c.id(), c.name(), c.zoneId(), c.hours(), holidays));
        }).value();
    }

    /** Every change of a clinic's zone, hours or holidays is published, so other areas count its local days. */
    private static Change<Clinic> announced(Clinic clinic) {
        return Change.of(clinic, List.of(changedEvent(clinic)), clinic.id());
    }

    private static LocationChanged changedEvent(Clinic clinic) {
        Map<DayOfWeek, List<LocationChanged.OpeningSpan>> hours = new EnumMap<>(DayOfWeek.class);
        clinic.hours().forEach((day, spans) -> hours.put(day,
                spans.stream().map(s -> new LocationChanged.OpeningSpan(s.opens(), s.closes())).toList()));
        List<LocalDate> holidays = clinic.holidays().keySet().stream().map(LocalDate::parse).sorted().toList();
        return new LocationChanged(clinic.id(), clinic.zoneId(), hours, holidays, Instant.now());
    }

    @GetMapping("/{locationId}")
    Clinic read(@PathVariable String locationId) {
        return clinics.get(locationId).value();
    }

    public Optional<Clinic> find(String locationId) {
        return clinics.find(locationId).map(Versioned::value);
    }
}
