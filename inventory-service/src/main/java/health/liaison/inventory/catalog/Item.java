package health.liaison.inventory.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * A catalog item: SKU, category, unit of measure and pack size (units per pack), how it is tracked (none, by lot,
 * by serial), whether it expires, who makes it (GTIN for UDI scans), and vendors with their prices.
 */
public record Item(@org.springframework.data.annotation.Id String sku, String name, Category category, String unit, int unitsPerPack, Tracking tracking,
                   boolean expires, String manufacturer, String gtin, List<VendorPrice> vendors) {

    public enum Category { IMPLANT, INJECTABLE, DISPOSABLE, INSTRUMENT, MEDICATION, GARMENT }

    public enum Tracking { NONE, LOT, SERIAL }

    public record VendorPrice(String vendorId, String vendorName, BigDecimal packPrice, String currency) {
    }

    public Item {
        vendors = vendors == null ? List.of() : List.copyOf(vendors);
    }
}
