package health.liaison.scheduling.resources;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/** The practice group's providers, rooms and equipment per clinic, with providers' weekly working hours. */
@RestController
@RequestMapping("/api/scheduling/v1/resources")
public class Resources {

    private final TenantStore<Resource> resources;

    Resources(TenantStores stores) {
        this.resources = stores.ofNamed(Resource.class, "resources", "resource");
    }

    public record DefineResource(@NotNull Resource.Kind kind, @NotBlank @Size(max = 40) String role,
                                 @NotBlank @Size(max = 120) String name,
                                 @NotEmpty @Size(max = 20) List<@Pattern(regexp = "[a-z0-9-]{1,64}") String> locationIds,
                                 @Valid @Size(max = 100) List<Resource.WorkingHours> workingHours) {
    }

    @Operation(summary = "Define a provider, room or piece of equipment, its clinics and (providers) weekly working hours")
    @PutMapping("/{resourceId}")
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR')")
    ResponseEntity<Resource> define(@PathVariable @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String resourceId,
                                    @Valid @RequestBody DefineResource request) {
        String role = request.role().toUpperCase(java.util.Locale.ROOT);
        if (request.kind() == Resource.Kind.PROVIDER && !Resource.PROVIDER_ROLES.contains(role)) {
            throw ApiProblem.invalid("role", "a provider's role is one of " + String.join(", ", Resource.PROVIDER_ROLES));
        }
        if (request.kind() == Resource.Kind.ROOM && !Resource.ROOM_ROLES.contains(role)) {
            throw ApiProblem.invalid("role", "a room's role is one of " + String.join(", ", Resource.ROOM_ROLES));
        }
        List<Resource.WorkingHours> hours = request.workingHours() == null ? List.of() : request.workingHours();
        for (Resource.WorkingHours h : hours) {
            if (h.locationId() == null || h.day() == null || h.start() == null || h.end() == null || !h.end().isAfter(h.start())) {
                throw ApiProblem.invalid("workingHours", "each span needs locationId, day, and start before end");
            }
            if (!request.locationIds().contains(h.locationId())) {
                throw ApiProblem.invalid("workingHours", h.locationId() + " is not one of this resource's clinics");
            }
        }
        if (request.kind() != Resource.Kind.PROVIDER && !hours.isEmpty()) {
            throw ApiProblem.invalid("workingHours", "only providers have working hours; rooms and equipment follow the clinic");
        }
        Optional<Versioned<Resource>> existing = resources.find(resourceId);
        Resource resource = new Resource(resourceId, request.kind(), role, request.name(), request.locationIds(), hours,
                existing.map(e -> e.value().outOfService()).orElse(false));
        Versioned<Resource> saved;
        try {
            saved = existing.isPresent()
                    ? resources.update(resourceId, existing.get().version(), resource, List.of(), null)
                    : resources.insert(resource, List.of(), null);
        } catch (DuplicateKeyException definedMeanwhile) {
            saved = resources.update(resourceId, resources.get(resourceId).version(), resource, List.of(), null);
        }
        return ResponseEntity.ok().eTag(saved.etag()).body(saved.value());
    }

    @Operation(summary = "Read a resource")
    @GetMapping("/{resourceId}")
    Resource read(@PathVariable String resourceId) {
        return resources.get(resourceId).value();
    }

    @Operation(summary = "A clinic's resources, optionally of one kind")
    @GetMapping
    List<Resource> list(@RequestParam String locationId, @RequestParam(required = false) Resource.Kind kind) {
        Criteria criteria = Criteria.where("locationIds").is(locationId);
        if (kind != null) {
            criteria = criteria.and("kind").is(kind.name());
        }
        return resources.find(criteria, Sort.by("kind", "role", "_id"), 1000);
    }

    public record ServiceStatus(boolean outOfService) {
    }

    @Operation(summary = "Take equipment out of service (nothing needing it can be booked) or put it back")
    @PutMapping("/{resourceId}/service-status")
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR','INVENTORY')")
    Resource serviceStatus(@PathVariable String resourceId, @Valid @RequestBody ServiceStatus request) {
        Resource resource = resources.get(resourceId).value();
        if (resource.kind() != Resource.Kind.EQUIPMENT) {
            throw ApiProblem.invalid("outOfService", "only equipment goes out of service; block a provider's or room's time instead");
        }
        setOutOfService(resourceId, request.outOfService());
        return resources.get(resourceId).value();
    }

    /** Every provider, room and piece of equipment registered at a clinic. */
    public List<Resource> atClinic(String locationId) {
        return resources.find(Criteria.where("locationIds").is(locationId), Sort.by("kind", "role", "_id"), 1000);
    }

    public Optional<Resource> find(String resourceId) {
        return resources.find(resourceId).map(Versioned::value);
    }

    /** Marks equipment out of (or back in) service; returns false when there is no such resource. */
    public boolean setOutOfService(String resourceId, boolean out) {
        if (resources.find(resourceId).isEmpty()) {
            return false;
        }
        resources.modify(resourceId, r -> TenantStore.Change.quietly(r.withService(out)));
        return true;
    }
}
