package health.liaison.billing;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Quotes, deposits, payment plans, payments, refunds, eligibility, prior authorization and claims. */
@OpenAPIDefinition(info = @Info(title = "Liaison Billing API", description = "Quotes, deposits, invoices, payments, refunds, payment plans, eligibility, prior authorizations and claims (X12 270/271, 837P, 835)."))
@SpringBootApplication
public class BillingApplication {

    public static void main(String[] args) {
        SpringApplication.run(BillingApplication.class, args);
    }
}
