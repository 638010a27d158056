package io.asyncopenai.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.test.FileStore.StoredFile;

/**
 * {@code /v1/files}: upload, list, retrieve, delete and download, over the server's
 * {@link FileStore}.
 */
final class FilesEndpoint {

	static final String FILES = "/v1/files";

	static final List<String> PURPOSES = List.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

	/** How long batch input files live unless told otherwise, as the API documents. */
	static final long BATCH_EXPIRY_SECONDS = 30L * 24 * 3600;

	private static final Set<String> ORDERS = Set.of("asc", "desc");

	private final FileStore store;

	FilesEndpoint(FileStore store) {
		this.store = store;
	}

	/** The answer for a request under {@code /v1/files}, or {@code null} if no operation matches. */
	@Nullable Reply handle(String method, String path, RecordedRequest request) {
		if (path.equals(FILES)) {
			return switch (method) {
				case "POST" -> create(request);
				case "GET" -> list(request.queryParameters());
				default -> null;
			};
		}
		String rest = path.startsWith(FILES + "/") ? path.substring(FILES.length() + 1) : "";
		boolean content = rest.endsWith("/content");
		String id = decode(content ? rest.substring(0, rest.length() - "/content".length()) : rest);
		if (id.isEmpty() || id.contains("/")) {
			return null;
		}
		if (content) {
			return method.equals("GET") ? content(id) : null;
		}
		return switch (method) {
			case "GET" -> retrieve(id);
			case "DELETE" -> delete(id);
			default -> null;
		};
	}

	private Reply create(RecordedRequest request) {
		RecordedPart file = request.part("file");
		if (file == null) {
			return Requests.missingParameter("file");
		}
		RecordedPart purposePart = request.part("purpose");
		if (purposePart == null || purposePart.size() == 0) {
			return Requests.missingParameter("purpose");
		}
		String purpose = purposePart.text();
		if (!PURPOSES.contains(purpose)) {
			return Requests.invalidParameter("purpose", "'" + purpose + "' is not one of " + PURPOSES
					.stream()
					.map((value) -> "'" + value + "'")
					.toList() + " - 'purpose'");
		}
		Long expiresAfter = purpose.equals("batch") ? BATCH_EXPIRY_SECONDS : null;
		RecordedPart anchor = request.part("expires_after[anchor]");
		RecordedPart seconds = request.part("expires_after[seconds]");
		if (anchor != null || seconds != null) {
			if (anchor == null || !anchor.text().equals("created_at")) {
				return Requests.invalidParameter("expires_after[anchor]",
						"Invalid value for 'expires_after.anchor': expected 'created_at'.");
			}
			Long parsed = (seconds != null) ? parseLong(seconds.text()) : null;
			if (parsed == null || parsed < 3600 || parsed > BATCH_EXPIRY_SECONDS) {
				return Requests.invalidParameter("expires_after[seconds]",
						"Invalid value for 'expires_after.seconds': expected an integer between 3600 and 2592000.");
			}
			expiresAfter = parsed;
		}
		String filename = (file.filename() != null) ? file.filename() : "file";
		try {
			return ok(this.store.add(filename, purpose, this.store.contentOf(file), expiresAfter).toJson());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Reply list(Map<String, List<String>> query) {
		String purpose = first(query, "purpose");
		String order = first(query, "order");
		if (order != null && !ORDERS.contains(order)) {
			return Requests.invalidParameter("order", "Invalid value for 'order': expected 'asc' or 'desc'.");
		}
		Integer limit = limit(query, 10_000);
		if (limit == null) {
			return Requests.invalidParameter("limit", "Invalid value for 'limit': expected an integer between 1 and "
					+ "10000.");
		}
		List<StoredFile> files = new ArrayList<>(this.store.list());
		if (!"asc".equals(order)) {
			Collections.reverse(files);
		}
		if (purpose != null) {
			files.removeIf((file) -> !file.purpose().equals(purpose));
		}
		return ok(page(files, first(query, "after"), limit, StoredFile::id, StoredFile::toJson, true));
	}

	private Reply retrieve(String id) {
		StoredFile file = this.store.get(id);
		return (file != null) ? ok(file.toJson()) : notFound(id);
	}

	private Reply delete(String id) {
		StoredFile file = this.store.remove(id);
		if (file == null) {
			return notFound(id);
		}
		ObjectNode deleted = Json.object();
		deleted.put("id", id);
		deleted.put("object", "file");
		deleted.put("deleted", true);
		return ok(deleted);
	}

	private Reply content(String id) {
		StoredFile file = this.store.get(id);
		return (file != null) ? new Reply.Content(200, "application/octet-stream", file.content()) : notFound(id);
	}

	static Reply notFound(String id) {
		return Requests.error(404,
				new OpenAIError("No such File object: " + id, "invalid_request_error", "id", null));
	}

	/**
	 * One page of a list, as the API pages: the items after the {@code after} cursor, at most
	 * {@code limit}. An empty page has null {@code first_id} and {@code last_id}, as the API
	 * sends them, unless {@code ids} is false.
	 */
	static <T> ObjectNode page(List<T> items, @Nullable String after, int limit, Function<T, String> id,
			Function<T, ObjectNode> json, boolean ids) {
		int start = 0;
		if (after != null) {
			start = items.size();
			for (int i = 0; i < items.size(); i++) {
				if (id.apply(items.get(i)).equals(after)) {
					start = i + 1;
					break;
				}
			}
		}
		int end = (int) Math.min(items.size(), (long) start + limit);
		List<T> page = items.subList(start, end);
		ObjectNode list = Json.object();
		list.put("object", "list");
		ArrayNode data = list.putArray("data");
		page.forEach((item) -> data.add(json.apply(item)));
		if (!page.isEmpty()) {
			list.put("first_id", id.apply(page.get(0)));
			list.put("last_id", id.apply(page.get(page.size() - 1)));
		}
		else if (ids) {
			list.putNull("first_id");
			list.putNull("last_id");
		}
		list.put("has_more", end < items.size());
		return list;
	}

	static @Nullable Integer limit(Map<String, List<String>> query, int max) {
		String text = first(query, "limit");
		if (text == null) {
			return max;
		}
		Long limit = parseLong(text);
		return (limit != null && limit >= 1 && limit <= max) ? limit.intValue() : null;
	}

	static @Nullable String first(Map<String, List<String>> query, String name) {
		List<String> values = query.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	static @Nullable Long parseLong(String text) {
		try {
			return Long.parseLong(text.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	static Reply ok(ObjectNode body) {
		return new Reply.Json(200, Json.write(body));
	}

}
