package health.liaison.scheduling.resources;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.scheduling.booking.Interval;
import health.liaison.scheduling.booking.ResourceCalendars;
import health.liaison.platform.validation.WithinTimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Time a resource is not bookable: a provider's vacation or blocked time, or OR block time reserved for one surgeon
 * (only appointments with that surgeon may use the room then). A block is a claim on the resource's calendar like
 * an appointment's, so bookings and availability honour it with no extra rule, and it cannot be placed over an
 * existing booking (409: move those first).
 */
@RestController
@RequestMapping("/api/scheduling/v1/resources/{resourceId}/blocks")
class Blocks {

    private final TenantStore<Block> blocks;
    private final Resources resources;
    private final ResourceCalendars calendars;
    private final Clock clock;

    Blocks(TenantStores stores, Resources resources, ResourceCalendars calendars, Clock clock) {
        this.blocks = stores.of(Block.class, "resource_blocks", "block");
        this.resources = resources;
        this.calendars = calendars;
        this.clock = clock;
    }

    record Block(String id, String resourceId, String kind, Instant start, Instant end, String reservedFor,
                 String reason, String createdBy, Instant createdAt, Instant removedAt) {
    }

    record PlaceBlock(@NotNull @Pattern(regexp = "VACATION|BLOCKED|OR_BLOCK", message = "must be VACATION, BLOCKED or OR_BLOCK") String kind,
                      @NotNull @WithinTimeBounds Instant start, @NotNull @WithinTimeBounds Instant end, @Size(max = 64) String reservedForProviderId,
                      @Size(max = 300) String reason) {
    }

    @Operation(summary = "Block a resource for a time (vacation, blocked time, or OR block time reserved for a surgeon)")
    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR','PROVIDER')")
    ResponseEntity<Block> place(@PathVariable String resourceId, @Valid @RequestBody PlaceBlock request) {
        Resource resource = resources.find(resourceId).orElseThrow(() -> ApiProblem.notFound("resource"));
        if (!request.end().isAfter(request.start())) {
            throw ApiProblem.invalid("end", "must be after start");
        }
        if (Duration.between(request.start(), request.end()).toDays() > 366) {
            throw ApiProblem.invalid("end", "a block lasts at most a year");
        }
        if ("OR_BLOCK".equals(request.kind())) {
            if (resource.kind() != Resource.Kind.ROOM) {
                throw ApiProblem.invalid("kind", "OR block time is placed on a room");
            }
            if (request.reservedForProviderId() == null) {
                throw ApiProblem.invalid("reservedForProviderId", "names the surgeon the OR block is reserved for");
            }
        } else if (request.reservedForProviderId() != null) {
            throw ApiProblem.invalid("reservedForProviderId", "only an OR block is reserved for a provider");
        }
        String id = "block-" + UUID.randomUUID();
        if (!calendars.claim(resourceId, id, id, new Interval(request.start(), request.end()), List.of(),
                request.reservedForProviderId())) {
            throw ApiProblem.conflict("resource-taken", "The " + resource.kind().name().toLowerCase() + " " + resourceId
                    + " has bookings in that time; move them before blocking it.", Map.of("resource", resourceId));
        }
        Block block = new Block(id, resourceId, request.kind(), request.start(), request.end(),
                request.reservedForProviderId(), request.reason(), Callers.current().userId(), clock.instant(), null);
        try {
            blocks.insert(block, List.of(), null);
        } catch (RuntimeException failure) {
            calendars.release(resourceId, id, new Interval(request.start(), request.end()));
            throw failure;
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(block);
    }

    @Operation(summary = "The resource's blocks")
    @GetMapping
    List<Block> list(@PathVariable String resourceId) {
        return blocks.find(Criteria.where("resourceId").is(resourceId).and("removedAt").is(null), Sort.by("start"), 1000);
    }

    @Operation(summary = "Remove a block: the time is bookable again")
    @DeleteMapping("/{blockId}")
    @PreAuthorize("hasAnyRole('ADMIN','COORDINATOR','PROVIDER')")
    ResponseEntity<Void> remove(@PathVariable String resourceId, @PathVariable String blockId) {
        Block block = blocks.find(blockId).filter(b -> b.value().resourceId().equals(resourceId))
                .orElseThrow(() -> ApiProblem.notFound("block")).value();
        calendars.release(block.resourceId(), block.id(), new Interval(block.start(), block.end()));
        Instant now = clock.instant();
        blocks.modify(blockId, b -> TenantStore.Change.quietly(new Block(b.id(), b.resourceId(), b.kind(), b.start(), b.end(),
                b.reservedFor(), b.reason(), b.createdBy(), b.createdAt(), b.removedAt() == null ? now : b.removedAt())));
        return ResponseEntity.noContent().build();
    }
}
