package health.liaison.records.worklists;

import health.liaison.platform.web.ApiProblem;

import java.util.List;

/** One page of a work list (inquiries, tasks): the items and where the page stands in the whole list. */
public record WorkPage<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    public static <T> WorkPage<T> of(List<T> items, int page, int size, long totalItems) {
        return new WorkPage<>(items, page, size, totalItems, (totalItems + size - 1) / size);
    }

    /** Refuses a page or size out of range, naming the parameter. */
    public static void check(int page, int size) {
        if (page < 0) {
            throw ApiProblem.invalid("page", "must be 0 or more");
        }
        if (size < 1 || size > 100) {
            throw ApiProblem.invalid("size", "must be between 1 and 100");
        }
    }
}
