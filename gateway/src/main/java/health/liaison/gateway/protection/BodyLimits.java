package health.liaison.gateway.protection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.Map;

/**
 * The largest request body each area accepts: {@code liaison.limits.body.default} (1 MB) unless
 * {@code liaison.limits.body.areas.<area>} says otherwise (records: 10 MB, for uploaded documents and photos).
 */
@ConfigurationProperties("liaison.limits.body")
record BodyLimits(@DefaultValue("1MB") DataSize defaultLimit, Map<String, DataSize> areas) {

    BodyLimits {
        areas = areas == null ? Map.of() : Map.copyOf(areas);
    }

    /** The limit for a request path; paths outside {@code /api/<area>/} get the default. */
    long bytesFor(String path) {
        if (path.startsWith("/api/")) {
            int end = path.indexOf('/', 5);
            String area = end > 5 ? path.substring(5, end) : path.substring(5);
            DataSize limit = areas.get(area);
            if (limit != null) {
                return limit.toBytes();
            }
        }
        return defaultLimit.toBytes();
    }
}
