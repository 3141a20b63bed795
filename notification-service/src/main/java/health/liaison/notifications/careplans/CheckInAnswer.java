package health.liaison.notifications.careplans;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the patient feels, as she answers a post-op check-in by text: "1" (or BETTER, MEJOR), "2" (SAME, IGUAL), "3"
 * (WORSE, PEOR), as the check-in's SMS asks in English and Spanish. Anything else is no answer.
 */
public enum CheckInAnswer {
    BETTER, SAME, WORSE;

    private static final Map<String, CheckInAnswer> WORDS = Map.of("1", BETTER, "BETTER", BETTER, "MEJOR", BETTER,
            "2", SAME, "SAME", SAME, "IGUAL", SAME,
            "3", WORSE, "WORSE", WORSE, "PEOR", WORSE);

    public static Optional<CheckInAnswer> of(String text) {
        String word = text == null ? "" : text.strip().replaceAll("[.!¡]+$", "").toUpperCase(Locale.ROOT);
        return Optional.ofNullable(WORDS.get(word));
    }
}
