package health.liaison.platform.privacy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.signature.SignatureConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * A service's two Tink keysets, read from configuration (never from the repository): an AEAD keyset (e.g.
 * AES256_GCM) seals sensitive fields and a PRF keyset (HMAC_SHA256_PRF) computes the blind indexes that make exact
 * search on sealed fields possible. Both are Tink JSON keysets, so keys can be rotated by adding a key to the set.
 *
 * <p>For a developer's machine only, a dev key directory names where keysets are generated once and kept; the
 * service refuses to start with neither, naming the settings to give ({@code prefix}).
 */
public final class Keysets {

    private static final Logger log = LoggerFactory.getLogger(Keysets.class);

    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not be initialised", e);
        }
    }

    private final Aead aead;
    private final PrfSet prf;

    private Keysets(KeysetHandle aeadKeys, KeysetHandle indexKeys) throws GeneralSecurityException {
        this.aead = aeadKeys.getPrimitive(RegistryConfiguration.get(), Aead.class);
        this.prf = indexKeys.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    }

    public static Keysets load(String aeadKeyset, String indexKeyset, String devKeyDirectory, String envPrefix, String propertyPrefix) {
        try {
            if (blank(aeadKeyset) && blank(indexKeyset) && !blank(devKeyDirectory)) {
                Path dir = Path.of(devKeyDirectory);
                aeadKeyset = readOrCreate(dir.resolve(propertyPrefix + "-aead-keyset.json"), "AES256_GCM");
                indexKeyset = readOrCreate(dir.resolve(propertyPrefix + "-index-keyset.json"), "HMAC_SHA256_PRF");
                log.warn("Using development keysets from {}: never do this with real patients", dir.toAbsolutePath());
            }
            if (blank(aeadKeyset) || blank(indexKeyset)) {
                throw new IllegalStateException("This service needs its encryption keys: set "
                        + envPrefix + "_KEYSET (a Tink AEAD keyset, e.g. `tinkey create-keyset --key-template "
                        + "AES256_GCM`) and " + envPrefix + "_INDEX_KEYSET (a Tink PRF keyset, template "
                        + "HMAC_SHA256_PRF) from your secret store, or for a developer machine only "
                        + envPrefix + "_DEV_KEY_DIRECTORY to generate throwaway keys");
            }
            return new Keysets(parse(aeadKeyset, propertyPrefix + ".keyset"), parse(indexKeyset, propertyPrefix + ".index-keyset"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The records encryption keysets cannot be used: " + e.getMessage(), e);
        }
    }

    /** A fresh keyset of the given Tink template as JSON (tests and the developer key directory). */
    public static String generate(String template) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(KeyTemplates.get(template)),
                    InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Aead aead() {
        return aead;
    }

    PrfSet prf() {
        return prf;
    }

    static KeysetHandle parse(String json, String which) throws GeneralSecurityException {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json.trim(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // never echo the value: it is key material
            throw new GeneralSecurityException(which + " is not a Tink JSON keyset");
        }
    }

    static String readOrCreate(Path file, String template) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file);
            }
            Files.createDirectories(file.getParent());
            String json = generate(template);
            Files.writeString(file, json);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep development keys in " + file, e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
