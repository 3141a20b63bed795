package health.liaison.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Refuses a query string that is not well-formed percent-encoded UTF-8 ({@code ?name=%ff%fe}, {@code ?q=%zz}) with a
 * 400 problem naming the parameter, before any controller sees it, so every endpoint of every service answers the
 * same way instead of passing replacement characters on (or failing with a 500). The value is never echoed: it
 * may be PHI (a patient's name typed into a search).
 */
public class QueryEncodingCheck extends OncePerRequestFilter {

    /** Parameter names we echo back; anything else is reported as {@code query}. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String bad = query == null ? null : firstMalformed(query);
        if (bad != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"type\":\"" + ApiProblem.TYPE_BASE + "invalid-request\",\"title\":\"Invalid request\","
                    + "\"status\":400,\"detail\":\"The request has 1 invalid field(s): " + bad + ".\","
                    + "\"errors\":[{\"field\":\"" + bad + "\",\"message\":\"is not valid percent-encoded UTF-8\"}]}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The name of the first parameter whose name or value does not decode, {@code query} if its name cannot be told; null if all do. */
    static String firstMalformed(String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            boolean valueOk = eq < 0 || decode(pair.substring(eq + 1)) != null;
            if (name == null || !valueOk) {
                return name != null && PLAIN_NAME.matcher(name).matches() ? name : "query";
            }
        }
        return null;
    }

    /** Strict application/x-www-form-urlencoded decoding: every {@code %} has two hex digits and the bytes are UTF-8. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
