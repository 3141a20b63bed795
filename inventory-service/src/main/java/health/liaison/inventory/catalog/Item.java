package health.liaison.inventory.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * A catalog item: SKU, category, unit of measure and pack size (units per pack), how it is tracked (none, by lot,
 * by serial), whether it expires, who makes it (GTIN for UDI scans), and vendors with their prices.
 */
public record Item(@org.springframework.data.annotation.Id @com.fasterxml.jackson.annotation.JsonIgnore String storedId,
                   String sku, String name, Category category, String unit, int unitsPerPack, Tracking tracking,
                   boolean expires, String manufacturer, String gtin, List<VendorPrice> vendors) {

    public enum Category { IMPLANT, INJECTABLE, DISPOSABLE, INSTRUMENT, MEDICATION, GARMENT }

    public enum Tracking { NONE, LOT, SERIAL }

    public record VendorPrice(String vendorId, String vendorName, BigDecimal packPrice, String currency) {
    }

    /**
     * {@code storedId} carries the practice group (two groups may use the same SKU without meeting or learning of
     * each other); an item stored before that has its SKU as id and no SKU field.
     */
    public Item {
        vendors = vendors == null ? List.of() : List.copyOf(vendors);
        sku = sku == null ? storedId : sku;
    }

    public static String storedId(String tenantId, String sku) {
        return tenantId + "|" + sku;
    }
}
