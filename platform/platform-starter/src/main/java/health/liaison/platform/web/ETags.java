package health.liaison.platform.web;

/**
 * Strong ETags from a document's version, and the If-Match check that turns a stale write into 412 instead of a
 * silent overwrite.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version the caller read, from a required If-Match header. */
    public static long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiProblem.preconditionRequired();
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiProblem.preconditionFailed("The If-Match header does not name a version of this resource.");
        }
    }
}
