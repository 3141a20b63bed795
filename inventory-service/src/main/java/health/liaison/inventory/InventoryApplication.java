package health.liaison.inventory;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Surgical supplies and implants: stocked, reserved for booked surgeries, traceable to the patient. */
@OpenAPIDefinition(info = @Info(title = "Liaison Inventory API", description = "Surgical supplies and implants: stock by clinic, lot and serial, kits reserved for booked surgeries, use recorded per case, expiry and reorder alerts, purchase orders, recalls and equipment."))
@SpringBootApplication
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }
}
