package health.liaison.inventory.udi;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scanned GS1 UDI: GTIN (01, check digit verified), expiry (17, YYMMDD; day 00 means the month's last day), lot
 * (10), serial (21), production date (11). Both the printed form with parentheses
 * ({@code (01)09504000059118(17)141120(10)7654321D(21)10987654d321}) and the raw scanner form (FNC1 as the GS
 * character between variable-length fields, optionally prefixed by the {@code ]C1}/{@code ]d2} symbology id) are read.
 * Plain Java.
 */
public record Udi(String gtin, LocalDate expiresOn, String lot, String serial, LocalDate producedOn) {

    private static final char GS = '\u001d';
    private static final Map<String, Integer> FIXED = Map.of("01", 14, "17", 6, "11", 6);

    /** The UDI cannot be read; {@code problem} says what is wrong. */
    public static final class Malformed extends RuntimeException {
        Malformed(String problem) {
            super(problem);
        }
    }

    public static Udi parse(String scanned) {
        if (scanned == null || scanned.isBlank()) {
            throw new Malformed("is empty");
        }
        String text = scanned.strip();
        Map<String, String> fields = text.startsWith("(") ? bracketed(text) : raw(text);
        String gtin = fields.get("01");
        if (gtin == null) {
            throw new Malformed("has no GTIN (AI 01)");
        }
        if (!gtin.matches("[0-9]{14}") || !checkDigitOk(gtin)) {
            throw new Malformed("has a GTIN whose check digit is wrong");
        }
        String lot = fields.get("10");
        String serial = fields.get("21");
        if (lot != null && (lot.isEmpty() || lot.length() > 20)) {
            throw new Malformed("has a lot (AI 10) that is empty or longer than 20 characters");
        }
        if (serial != null && (serial.isEmpty() || serial.length() > 20)) {
            throw new Malformed("has a serial (AI 21) that is empty or longer than 20 characters");
        }
        return new Udi(gtin, date(fields.get("17"), "17"), lot, serial, date(fields.get("11"), "11"));
    }

    private static Map<String, String> bracketed(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '(') {
                throw new Malformed("is not in (AI)value form at position " + i);
            }
            int close = text.indexOf(')', i);
            if (close < 0) {
                throw new Malformed("has an unclosed application identifier");
            }
            String ai = text.substring(i + 1, close);
            int next = text.indexOf('(', close);
            String value = text.substring(close + 1, next < 0 ? text.length() : next);
            put(fields, ai, value);
            i = next < 0 ? text.length() : next;
        }
        return fields;
    }

    private static Map<String, String> raw(String text) {
        String data = text;
        if (data.startsWith("]C1") || data.startsWith("]d2") || data.startsWith("]Q3")) {
            data = data.substring(3);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length()) {
            if (data.charAt(i) == GS) {
                i++;
                continue;
            }
            if (i + 2 > data.length()) {
                throw new Malformed("ends inside an application identifier");
            }
            String ai = data.substring(i, i + 2);
            i += 2;
            Integer fixed = FIXED.get(ai);
            String value;
            if (fixed != null) {
                if (i + fixed > data.length()) {
                    throw new Malformed("is too short for AI " + ai);
                }
                value = data.substring(i, i + fixed);
                i += fixed;
            } else if (ai.equals("10") || ai.equals("21")) {
                int end = data.indexOf(GS, i);
                value = data.substring(i, end < 0 ? data.length() : end);
                i = end < 0 ? data.length() : end;
            } else {
                throw new Malformed("has an application identifier this reader does not know: " + ai);
            }
            put(fields, ai, value);
        }
        return fields;
    }

    private static void put(Map<String, String> fields, String ai, String value) {
        if (!ai.matches("01|10|11|17|21")) {
            throw new Malformed("has an application identifier this reader does not know: " + ai);
        }
        if (fields.put(ai, value) != null) {
            throw new Malformed("repeats AI " + ai);
        }
    }

    private static LocalDate date(String yymmdd, String ai) {
        if (yymmdd == null) {
            return null;
        }
        if (!yymmdd.matches("[0-9]{6}")) {
            throw new Malformed("has a date (AI " + ai + ") that is not YYMMDD");
        }
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int month = Integer.parseInt(yymmdd.substring(2, 4));
        int day = Integer.parseInt(yymmdd.substring(4, 6));
        // GS1: the century is chosen so the year falls within 49 years back or 50 ahead of now
        int year = 2000 + yy;
        if (year > LocalDate.now().getYear() + 50) {
            year -= 100;
        }
        if (month < 1 || month > 12) {
            throw new Malformed("has a date (AI " + ai + ") with a month that does not exist");
        }
        YearMonth ym = YearMonth.of(year, month);
        if (day == 0) {
            return ym.atEndOfMonth();
        }
        if (day > ym.lengthOfMonth()) {
            throw new Malformed("has a date (AI " + ai + ") with a day that does not exist");
        }
        return ym.atDay(day);
    }

    static boolean checkDigitOk(String gtin14) {
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int digit = gtin14.charAt(i) - '0';
            sum += (i % 2 == 0) ? digit * 3 : digit;
        }
        int check = (10 - sum % 10) % 10;
        return check == gtin14.charAt(13) - '0';
    }
}
