package health.liaison.notifications.inbound;

import java.util.Locale;
import java.util.Set;

/** What a patient's text reply means, as carriers and our messages define the keywords. */
public enum ReplyIntent {
    CONFIRM, STOP, START, HELP, OTHER,
    /** "1", "2" or "3" answering a post-op check-in: never from the words alone, {@link SmsReplies} decides it. */
    CHECK_IN_ANSWER;

    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT", "ALTO", "PARAR");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "SUBSCRIBE");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO", "AYUDA");
    private static final Set<String> CONFIRM_WORDS = Set.of("C", "CONFIRM", "CONFIRMAR", "CONFIRMO");

    public static ReplyIntent of(String text) {
        String word = text == null ? "" : text.strip().replaceAll("[.!¡]+$", "").toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word)) {
            return START;
        }
        if (HELP_WORDS.contains(word)) {
            return HELP;
        }
        if (CONFIRM_WORDS.contains(word)) {
            return CONFIRM;
        }
        return OTHER;
    }
}
