package health.liaison.billing.insurance;

import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.privacy.Keysets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Billing's own keys for member ids and subscriber details ({@code liaison.billing.encryption.*}). */
@Configuration(proxyBeanMethods = false)
class BillingEncryption {

    @Bean
    FieldCipher fieldCipher(@Value("${liaison.billing.encryption.keyset:}") String keyset,
                            @Value("${liaison.billing.encryption.index-keyset:}") String indexKeyset,
                            @Value("${liaison.billing.encryption.dev-key-directory:}") String devKeyDirectory, JsonMapper json) {
        return new FieldCipher(Keysets.load(keyset, indexKeyset, devKeyDirectory, "LIAISON_BILLING_ENCRYPTION", "billing"), json);
    }
}
