package health.liaison.notifications.templates;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts patients receive, one Mustache template per message kind, channel and language, at
 * {@code classpath:templates/messages/<kind>.<channel>.<language>.mustache} (e.g. {@code reminder.sms.es.mustache}).
 * An email template's first line is {@code Subject: ...}. Mustache is logic-less, and the compiler here is strict:
 * a variable the caller did not supply is an error, never an empty gap. By default an SMS names no procedure:
 * the variables offered are the patient's first name, the clinic and the time, never the appointment type.
 */
@Component
public class MessageTemplates {

    public static final List<String> LANGUAGES = List.of("en", "es");
    private static final String SUBJECT_PREFIX = "Subject:";

    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).strictSections(true);
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /** The language a patient is written to in: theirs when a template exists for it, else English. */
    public static String languageFor(String preferred) {
        if (preferred == null) {
            return "en";
        }
        String language = preferred.toLowerCase(Locale.ROOT);
        int dash = language.indexOf('-');
        language = dash > 0 ? language.substring(0, dash) : language;
        return LANGUAGES.contains(language) ? language : "en";
    }

    public Rendered render(String kind, String channel, String language, Map<String, ?> variables) {
        Template template = template(kind, channel, language);
        String text;
        try {
            text = template.execute(variables);
        } catch (MustacheException e) {
            throw new TemplateFailure("The " + name(kind, channel, language) + " template needs a variable that was "
                    + "not supplied: " + missingVariable(e), e);
        }
        if (!"email".equalsIgnoreCase(channel)) {
            return new Rendered(null, text.strip(), language);
        }
        if (!text.startsWith(SUBJECT_PREFIX)) {
            throw new TemplateFailure("The " + name(kind, channel, language) + " template has no Subject line", null);
        }
        int newline = text.indexOf('\n');
        String subject = (newline < 0 ? text : text.substring(0, newline)).substring(SUBJECT_PREFIX.length()).strip();
        String body = newline < 0 ? "" : text.substring(newline + 1).strip();
        return new Rendered(subject, body, language);
    }

    public boolean exists(String kind, String channel, String language) {
        return resource(kind, channel, language).exists();
    }

    private Template template(String kind, String channel, String language) {
        String name = name(kind, channel, language);
        return compiled.computeIfAbsent(name, n -> {
            ClassPathResource resource = resource(kind, channel, language);
            if (!resource.exists()) {
                throw new TemplateFailure("There is no " + n + " template", null);
            }
            try (InputStream in = resource.getInputStream()) {
                return compiler.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | MustacheException e) {
                throw new TemplateFailure("The " + n + " template cannot be read", e);
            }
        });
    }

    private static ClassPathResource resource(String kind, String channel, String language) {
        return new ClassPathResource("templates/messages/" + name(kind, channel, language) + ".mustache");
    }

    private static String name(String kind, String channel, String language) {
        String safe = (kind + "." + channel + "." + language).toLowerCase(Locale.ROOT);
        if (!safe.matches("[a-z_]+\\.[a-z]+\\.[a-z]{2}")) {
            throw new TemplateFailure("No template is named " + safe.replaceAll("[^a-z_.]", "?"), null);
        }
        return safe;
    }

    private static String missingVariable(MustacheException e) {
        if (e instanceof MustacheException.Context context) {
            return context.key;
        }
        return "unknown";
    }
}
