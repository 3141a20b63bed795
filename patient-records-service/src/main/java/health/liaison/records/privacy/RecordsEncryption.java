package health.liaison.records.privacy;

import health.liaison.platform.privacy.FieldCipher;
import health.liaison.platform.privacy.Keysets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records service's keys: {@code liaison.records.encryption.keyset} (AEAD) and {@code .index-keyset} (PRF) from
 * the secret store, or throwaway keys in {@code .dev-key-directory} on a developer machine.
 */
@Configuration(proxyBeanMethods = false)
class RecordsEncryption {

    @Bean
    FieldCipher fieldCipher(@Value("${liaison.records.encryption.keyset:}") String keyset,
                            @Value("${liaison.records.encryption.index-keyset:}") String indexKeyset,
                            @Value("${liaison.records.encryption.dev-key-directory:}") String devKeyDirectory, JsonMapper json) {
        return new FieldCipher(Keysets.load(keyset, indexKeyset, devKeyDirectory, "LIAISON_RECORDS_ENCRYPTION", "records"), json);
    }
}
