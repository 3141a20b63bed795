package health.liaison.platform.privacy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.SignatureConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * A Tink signature keyset (e.g. ED25519) from configuration, never from the repository: signs texts and checks
 * signatures made by any key of the set, so a rotated key still verifies what it signed. As with {@link Keysets}, a
 * developer's machine may name a directory where a throwaway keyset is generated once and kept.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    static {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink signatures could not be initialised", e);
        }
    }

    private final PublicKeySign signer;
    private final PublicKeyVerify verifier;
    private final String keyId;

    private SigningKeys(KeysetHandle keys) throws GeneralSecurityException {
        this.signer = keys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
        this.verifier = keys.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        this.keyId = Integer.toUnsignedString(keys.getPrimary().getId());
    }

    /**
     * @param keyset         the private keyset as Tink JSON, or blank
     * @param devKeyDirectory where a developer's throwaway keyset is kept when {@code keyset} is blank, or blank
     * @param envName        the variable that names the keyset, for the error that says what to set
     * @param fileName       the throwaway keyset's file name in {@code devKeyDirectory}
     */
    public static SigningKeys load(String keyset, String devKeyDirectory, String envName, String fileName) {
        try {
            if (blank(keyset) && !blank(devKeyDirectory)) {
                Path file = Path.of(devKeyDirectory).resolve(fileName);
                keyset = Keysets.readOrCreate(file, "ED25519");
                log.warn("Using a development signing keyset from {}: never do this with real patients", file.toAbsolutePath());
            }
            if (blank(keyset)) {
                throw new IllegalStateException("This service needs its signing key: set " + envName + " (a Tink signature "
                        + "keyset, e.g. `tinkey create-keyset --key-template ED25519`) from your secret store, or for a "
                        + "developer machine only a dev key directory to generate a throwaway key");
            }
            return new SigningKeys(Keysets.parse(keyset, envName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The signing keyset cannot be used: " + e.getMessage(), e);
        }
    }

    /** The signature of {@code text}, Base64. */
    public String sign(String text) {
        try {
            return Base64.getEncoder().encodeToString(signer.sign(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing failed", e);
        }
    }

    /** Whether {@code signature} (Base64) was made over exactly {@code text} by a key of this set. */
    public boolean verifies(String text, String signature) {
        try {
            verifier.verify(Base64.getDecoder().decode(signature), text.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException forged) {
            return false;
        }
    }

    /** The primary key's id, named beside each signature. */
    public String keyId() {
        return keyId;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
