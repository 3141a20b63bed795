package health.liaison.inventory.catalog;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalog of items and the procedure kits (preference cards) built from it. */
@RestController
public class Catalog {

    private final TenantStore<Item> items;
    private final TenantStore<Kit> kits;

    Catalog(TenantStores stores) {
        this.items = stores.of(Item.class, "items", "item");
        this.kits = stores.of(Kit.class, "kits", "kit");
    }

    record DefineItem(@NotBlank @Size(max = 120) String name, @NotNull Item.Category category, @NotBlank @Size(max = 20) String unit,
                      @Min(1) @Max(10000) int unitsPerPack, @NotNull Item.Tracking tracking, boolean expires,
                      @Size(max = 80) String manufacturer,
                      @Pattern(regexp = "[0-9]{14}", message = "must be a 14-digit GTIN") String gtin,
                      @Valid @Size(max = 20) List<Item.VendorPrice> vendors) {
    }

    @Operation(summary = "Define a catalog item (tracking, expiry, manufacturer, GTIN, vendor prices)")
    @PutMapping("/api/inventory/v1/items/{sku}")
    @PreAuthorize("hasAnyRole('INVENTORY','ADMIN')")
    Item define(@PathVariable @Pattern(regexp = "[A-Z0-9-]{1,40}") String sku, @Valid @RequestBody DefineItem request) {
        if (request.vendors() != null) {
            for (Item.VendorPrice price : request.vendors()) {
                if (price.packPrice() == null || price.packPrice().signum() < 0 || price.packPrice().stripTrailingZeros().scale() > 2) {
                    throw ApiProblem.invalid("vendors.packPrice", "must be a non-negative amount with at most 2 decimals");
                }
            }
        }
        String id = Item.storedId(Callers.current().tenantId(), sku);
        Item item = new Item(id, sku, request.name(), request.category(), request.unit(), request.unitsPerPack(), request.tracking(),
                request.expires(), request.manufacturer(), request.gtin(), request.vendors());
        Optional<Versioned<Item>> existing = items.find(id);
        try {
            return existing.isPresent() ? items.update(id, existing.get().version(), item, List.of(), null).value()
                    : items.insert(item, List.of(), null).value();
        } catch (DuplicateKeyException definedMeanwhile) {
            return items.update(id, items.get(id).version(), item, List.of(), null).value();
        }
    }

    @Operation(summary = "Read an item")
    @GetMapping("/api/inventory/v1/items/{sku}")
    Item read(@PathVariable String sku) {
        return find(sku).orElseThrow(() -> health.liaison.platform.web.ApiProblem.notFound("item"));
    }

    @Operation(summary = "The catalog, optionally one category")
    @GetMapping("/api/inventory/v1/items")
    List<Item> list(@RequestParam(required = false) Item.Category category) {
        return items.find(category == null ? new Criteria() : Criteria.where("category").is(category.name()), Sort.by("sku", "_id"), 5000);
    }

    public Optional<Item> find(String sku) {
        return items.find(Item.storedId(Callers.current().tenantId(), sku)).or(() -> items.find(sku)).map(Versioned::value);
    }

    public Optional<Item> byGtin(String gtin) {
        return items.find(Criteria.where("gtin").is(gtin), Sort.by("_id"), 1).stream().findFirst();
    }

    /** What a procedure type needs (optionally for one surgeon): SKU and quantity per line. */
    public record Kit(String id, String appointmentTypeId, String surgeonId, Map<String, Integer> items) {
    }

    record DefineKit(@NotNull @Size(min = 1, max = 60) Map<@Pattern(regexp = "[A-Z0-9-]{1,40}") String, @Min(1) @Max(100) Integer> items) {
    }

    @Operation(summary = "Define a procedure kit (preference card) for a type, optionally for one surgeon")
    @PutMapping("/api/inventory/v1/kits/{appointmentTypeId}")
    @PreAuthorize("hasAnyRole('INVENTORY','NURSE','PROVIDER','ADMIN')")
    Kit defineKit(@PathVariable String appointmentTypeId, @RequestParam(required = false) String surgeonId,
                  @Valid @RequestBody DefineKit request) {
        for (String sku : request.items().keySet()) {
            if (find(sku).isEmpty()) {
                throw ApiProblem.invalid("items." + sku, "is not in the catalog");
            }
        }
        String id = kitId(surgeonId == null ? appointmentTypeId : appointmentTypeId + ":" + surgeonId);
        Kit kit = new Kit(id, appointmentTypeId, surgeonId, request.items());
        Optional<Versioned<Kit>> existing = kits.find(id);
        try {
            return existing.isPresent() ? kits.update(id, existing.get().version(), kit, List.of(), null).value()
                    : kits.insert(kit, List.of(), null).value();
        } catch (DuplicateKeyException definedMeanwhile) {
            return kits.update(id, kits.get(id).version(), kit, List.of(), null).value();
        }
    }

    /** The surgeon's own preference card if there is one, else the type's kit. */
    public Optional<Kit> kitFor(String appointmentTypeId, List<String> providerIds) {
        for (String provider : providerIds == null ? List.<String>of() : providerIds) {
            Optional<Kit> own = kit(appointmentTypeId + ":" + provider);
            if (own.isPresent()) {
                return own;
            }
        }
        return kit(appointmentTypeId);
    }

    /**
     * Kits are stored under an id that carries the practice group, so two groups may name their appointment types
     * alike without meeting (or learning of each other). A kit stored before that is still found by its bare name.
     */
    private static String kitId(String name) {
        return Callers.current().tenantId() + "|" + name;
    }

    private Optional<Kit> kit(String name) {
        return kits.find(kitId(name)).or(() -> kits.find(name)).map(Versioned::value);
    }
}
