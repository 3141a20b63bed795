package health.liaison.records.consents;

import java.time.Instant;

/**
 * One version of a consent form. {@code consentType} is a procedure type (e.g. breast-augmentation) or
 * "photography". The text is kept with its SHA-256, which every signature repeats: what was signed is provable.
 */
public record ConsentTemplate(String id, String consentType, int version, String title, String text,
                              String textSha256, String publishedBy, Instant publishedAt) {
}
