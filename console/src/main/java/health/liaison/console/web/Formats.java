package health.liaison.console.web;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;

/** Formatting for templates ({@code @formats}): clinic-local times, dates and money in the user's language. */
@Component("formats")
public class Formats {

    public String time(Instant instant, String zoneId) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(LocaleContextHolder.getLocale())
                .format(instant.atZone(ZoneId.of(zoneId)));
    }

    public String dateTime(Instant instant, String zoneId) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(LocaleContextHolder.getLocale())
                .format(instant.atZone(ZoneId.of(zoneId)));
    }

    public String date(LocalDate date) {
        if (date == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(LocaleContextHolder.getLocale()).format(date);
    }

    public String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(LocaleContextHolder.getLocale());
        format.setCurrency(Currency.getInstance(currency == null ? "USD" : currency));
        return format.format(amount);
    }

    /** Whole minutes between two instants ("12 min"); empty when the first has not happened. */
    public static Long minutes(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).toMinutes());
    }
}
