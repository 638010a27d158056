package io.asyncopenai.core;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Auto-paging of list operations: every item of every page, where a page is requested only
 * once the items before it have been consumed, as the Python SDK's {@code AsyncPaginator}.
 */
public final class Pages {

	private Pages() {
	}

	/**
	 * The items of a list, page after page.
	 * @param firstCursor the cursor of the first page, or {@code null} for the start
	 * @param fetch fetches the page after a cursor ({@code null} for the first)
	 * @param items the items of a page
	 * @param nextCursor the cursor of the page after a page, or {@code null} when it was the last
	 * @param <P> the page type
	 * @param <T> the item type
	 * @return the items
	 */
	public static <P, T> Flux<T> autoPage(@Nullable String firstCursor, Function<@Nullable String, Mono<P>> fetch,
			Function<P, List<T>> items, Function<P, @Nullable String> nextCursor) {
		return Flux.defer(() -> fetch.apply(firstCursor).flatMapMany((page) -> {
			String next = nextCursor.apply(page);
			Flux<T> these = Flux.fromIterable(items.apply(page));
			// concatWith subscribes to the next page only when this page's items have all been
			// taken: a consumer that stops early never causes another request.
			return (next != null) ? these.concatWith(autoPage(next, fetch, items, nextCursor)) : these;
		}));
	}

	/**
	 * The cursor of the next page: the given one while the API says there is more.
	 * @param hasMore the page's {@code has_more}
	 * @param cursor the page's last id
	 * @return the cursor, or {@code null} when there is no next page
	 */
	public static @Nullable String next(@Nullable Boolean hasMore, @Nullable String cursor) {
		return (Boolean.TRUE.equals(hasMore) && cursor != null && !cursor.isEmpty()) ? cursor : null;
	}

}
