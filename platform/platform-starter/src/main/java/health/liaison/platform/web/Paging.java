package health.liaison.platform.web;

/**
 * Which page a client asks for: {@code page} (0-based, default 0) and {@code size} (default 50, at most 200). Out
 * of range values are a 400 problem naming the parameter, never silently clamped.
 */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public Paging {
        if (page < 0) {
            throw ApiProblem.invalid("page", "must be 0 or more (pages count from 0)");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiProblem.invalid("size", "must be between 1 and " + MAX_SIZE);
        }
    }

    /** From optional request parameters (or body fields): absent ones take the defaults. */
    public static Paging of(Integer page, Integer size) {
        return new Paging(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
    }

    public long offset() {
        return (long) page * size;
    }
}
