package health.liaison.platform.privacy;

import health.liaison.platform.tenancy.Callers;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;

/**
 * Seals sensitive fields before they reach MongoDB and opens them after, with Tink AEAD. The associated data binds
 * each ciphertext to its practice group, its patient and its field, so a ciphertext copied onto another patient or
 * field does not open. Exact search on sealed values goes through {@link #blindIndex}: a keyed PRF of the normalised
 * value, per practice group, so equal values cannot be linked across groups and the index reveals nothing without
 * the key.
 */
public class FieldCipher {

    private final Keysets keys;
    private final JsonMapper json;

    /** Each service makes its own from its own keysets: a leak of one service's keys opens no other's data. */
    public FieldCipher(Keysets keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    public String seal(String plaintext, String patientId, String field) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] sealed = keys.aead().encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context(patientId, field));
            return Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    public String open(String sealed, String patientId, String field) {
        if (sealed == null) {
            return null;
        }
        try {
            byte[] plain = keys.aead().decrypt(Base64.getDecoder().decode(sealed), context(patientId, field));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the message names neither the value nor the patient
            throw new IllegalStateException("A sealed " + field + " could not be opened (wrong key or altered data)");
        }
    }

    /** Seals raw bytes (photos, documents). */
    public byte[] sealBytes(byte[] plain, String patientId, String field) {
        try {
            return keys.aead().encrypt(plain, context(patientId, field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    public byte[] openBytes(byte[] sealed, String patientId, String field) {
        try {
            return keys.aead().decrypt(sealed, context(patientId, field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed " + field + " could not be opened (wrong key or altered data)");
        }
    }

    /** Seals a value object as JSON. */
    public String sealJson(Object value, String patientId, String field) {
        return value == null ? null : seal(json.writeValueAsString(value), patientId, field);
    }

    public <T> T openJson(String sealed, Class<T> type, String patientId, String field) {
        String plain = open(sealed, patientId, field);
        return plain == null ? null : json.readValue(plain, type);
    }

    /** The blind index of a normalised value in the caller's practice group; null in, null out. */
    public String blindIndex(String field, String normalisedValue) {
        if (normalisedValue == null || normalisedValue.isBlank()) {
            return null;
        }
        String input = Callers.current().tenantId() + '\u001f' + field + '\u001f' + normalisedValue;
        try {
            byte[] mac = keys.prf().computePrimary(input.getBytes(StandardCharsets.UTF_8), 20);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index failed", e);
        }
    }

    private static byte[] context(String patientId, String field) {
        return (Callers.current().tenantId() + '\u001f' + patientId + '\u001f' + field).getBytes(StandardCharsets.UTF_8);
    }

    /** Lower case, accents and surrounding space removed: how names are compared and searched. */
    public static String foldName(String name) {
        if (name == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(name.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    public static String foldEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    /** Digits only, so "+1 (305) 555-0123" and "+13055550123" index alike. */
    public static String foldDigits(String value) {
        return value == null ? null : value.replaceAll("[^0-9]", "");
    }
}
