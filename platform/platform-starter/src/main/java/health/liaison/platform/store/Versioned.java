package health.liaison.platform.store;

import health.liaison.platform.web.ETags;

/** A stored aggregate with the version its ETag names. */
public record Versioned<T>(T value, long version) {

    public String etag() {
        return ETags.of(version);
    }
}
