package health.liaison.inventory.equipment;

import health.liaison.platform.clinics.ClinicZones;
import health.liaison.platform.events.inventory.EquipmentBackInService;
import health.liaison.platform.events.inventory.EquipmentOutOfService;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Devices per clinic (lasers, anesthesia machines...) with inspection and maintenance due dates. Taking one out of
 * service publishes an event scheduling honours (the id is the same as scheduling's equipment resource id).
 */
@RestController
@PreAuthorize("hasAnyRole('INVENTORY','NURSE','COORDINATOR','ADMIN')")
class Equipment {

    private final TenantStore<Device> devices;
    private final ClinicZones clinics;
    private final Clock clock;

    Equipment(TenantStores stores, ClinicZones clinics, Clock clock) {
        this.devices = stores.of(Device.class, "equipment", "equipment");
        this.clinics = clinics;
        this.clock = clock;
    }

    /**
     * A device as stored: {@code id} carries the practice group (so two groups may use the same device id, which is
     * scheduling's resource id, without meeting); {@code equipmentId} is the id the API and the events use.
     */
    record Device(String id, String equipmentId, String locationId, String name, String kind, LocalDate inspectionDueOn,
                  LocalDate maintenanceDueOn, boolean inService, String outOfServiceReason, Instant statusSince) {

        Device status(boolean nowInService, String reason, LocalDate nextInspection, Instant at) {
            return new Device(id, equipmentId, locationId, name, kind, nextInspection, maintenanceDueOn, nowInService, reason, at);
        }
    }

    private static String storedId(String equipmentId) {
        return Callers.current().tenantId() + "|" + equipmentId;
    }

    record DeviceView(String id, String locationId, String name, String kind, LocalDate inspectionDueOn, LocalDate maintenanceDueOn,
                      boolean inService, String outOfServiceReason, boolean inspectionOverdue, boolean maintenanceOverdue) {
    }

    record Define(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,64}") String locationId, @NotBlank @Size(max = 120) String name,
                  @NotBlank @Size(max = 40) String kind, LocalDate inspectionDueOn, LocalDate maintenanceDueOn) {
    }

    @Operation(summary = "Register or update a device with its inspection and maintenance due dates")
    @PutMapping("/api/inventory/v1/equipment/{equipmentId}")
    DeviceView define(@PathVariable @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String equipmentId, @Valid @RequestBody Define request) {
        String id = storedId(equipmentId);
        Optional<Versioned<Device>> existing = devices.find(id);
        Device device = new Device(id, equipmentId, request.locationId(), request.name(), request.kind(), request.inspectionDueOn(),
                request.maintenanceDueOn(), existing.map(e -> e.value().inService()).orElse(true),
                existing.map(e -> e.value().outOfServiceReason()).orElse(null), existing.map(e -> e.value().statusSince()).orElse(clock.instant()));
        try {
            return view(existing.isPresent() ? devices.update(id, existing.get().version(), device, List.of(), request.locationId()).value()
                    : devices.insert(device, List.of(), request.locationId()).value());
        } catch (DuplicateKeyException definedMeanwhile) {
            return view(devices.update(id, devices.get(id).version(), device, List.of(), request.locationId()).value());
        }
    }

    @Operation(summary = "A clinic's devices, with overdue inspections and maintenance flagged")
    @GetMapping("/api/inventory/v1/equipment")
    List<DeviceView> list(@RequestParam String locationId) {
        return devices.find(Criteria.where("locationId").is(locationId), Sort.by("_id"), 1000).stream().map(this::view).toList();
    }

    record OutOfService(@NotBlank @Size(max = 200) String reason) {
    }

    @Operation(summary = "Take a device out of service (scheduling books nothing that needs it)")
    @PostMapping("/api/inventory/v1/equipment/{equipmentId}/out-of-service")
    DeviceView outOfService(@PathVariable String equipmentId, @Valid @RequestBody OutOfService request) {
        Instant now = clock.instant();
        return view(devices.modify(storedId(equipmentId), d -> !d.inService() ? TenantStore.Change.quietly(d)
                : TenantStore.Change.of(d.status(false, request.reason(), d.inspectionDueOn(), now),
                List.of(new EquipmentOutOfService(d.equipmentId(), d.locationId(), request.reason(), now)), d.locationId())).value());
    }

    record BackInService(@WithinTimeBounds LocalDate nextInspectionDueOn) {
    }

    @Operation(summary = "Put a device back in service (optionally with its next inspection date)")
    @PostMapping("/api/inventory/v1/equipment/{equipmentId}/back-in-service")
    DeviceView backInService(@PathVariable String equipmentId, @RequestBody(required = false) BackInService request) {
        Instant now = clock.instant();
        // "the past" is the device's clinic's; an unknown device is a 404 below
        LocalDate today = devices.find(storedId(equipmentId)).map(d -> clinics.of(d.value().locationId()).today(clock))
                .orElseGet(() -> LocalDate.now(clock));
        if (request != null && request.nextInspectionDueOn() != null && request.nextInspectionDueOn().isBefore(today)) {
            throw ApiProblem.invalid("nextInspectionDueOn", "must not be in the past");
        }
        return view(devices.modify(storedId(equipmentId), d -> d.inService() ? TenantStore.Change.quietly(d)
                : TenantStore.Change.of(d.status(true, null,
                request == null || request.nextInspectionDueOn() == null ? d.inspectionDueOn() : request.nextInspectionDueOn(), now),
                List.of(new EquipmentBackInService(d.equipmentId(), d.locationId(), now)), d.locationId())).value());
    }

    private DeviceView view(Device d) {
        LocalDate today = clinics.of(d.locationId()).today(clock);
        return new DeviceView(d.equipmentId(), d.locationId(), d.name(), d.kind(), d.inspectionDueOn(), d.maintenanceDueOn(), d.inService(),
                d.outOfServiceReason(), d.inspectionDueOn() != null && d.inspectionDueOn().isBefore(today),
                d.maintenanceDueOn() != null && d.maintenanceDueOn().isBefore(today));
    }
}
