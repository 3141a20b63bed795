package health.liaison.platform.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, the one shape every list endpoint answers with: {@code items}, the 0-based {@code page},
 * its {@code size}, and {@code totalItems} / {@code totalPages} so a client always knows whether more follow. No
 * list stops silently.
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(List<T> items, Paging paging, long totalItems) {
        int totalPages = (int) Math.min(Integer.MAX_VALUE, (totalItems + paging.size() - 1) / paging.size());
        return new Page<>(items, paging.page(), paging.size(), totalItems, totalPages);
    }

    /** A page cut out of a list already held in memory (small, bounded lists). */
    public static <T> Page<T> slice(List<T> all, Paging paging) {
        int from = (int) Math.min(all.size(), paging.offset());
        int to = Math.min(all.size(), from + paging.size());
        return of(all.subList(from, to), paging, all.size());
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), page, size, totalItems, totalPages);
    }
}
