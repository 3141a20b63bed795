package health.liaison.notifications.templates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** An appointment's date and time as the patient reads them: in the clinic's zone and the patient's language. */
public final class LocalTimes {

    private static final Map<String, DateTimeFormatter[]> FORMATS = Map.of(
            "en", new DateTimeFormatter[]{DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH),
                    DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH)},
            "es", new DateTimeFormatter[]{DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", Locale.forLanguageTag("es")),
                    DateTimeFormatter.ofPattern("H:mm", Locale.forLanguageTag("es"))});

    private LocalTimes() {
    }

    public static String date(Instant instant, ZoneId zone, String language) {
        return formats(language)[0].format(instant.atZone(zone));
    }

    /** A calendar date (a due date, an expiry date) as the reader reads it. */
    public static String date(LocalDate date, String language) {
        return formats(language)[0].format(date);
    }

    public static String time(Instant instant, ZoneId zone, String language) {
        return formats(language)[1].format(instant.atZone(zone));
    }

    private static DateTimeFormatter[] formats(String language) {
        return FORMATS.getOrDefault(language, FORMATS.get("en"));
    }
}
