package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.test.FileStore.Content;
import io.asyncopenai.test.FileStore.StoredFile;

/**
 * {@code /v1/uploads}: an upload takes parts, then becomes a stored file whose content is its
 * parts in the order the completion lists them.
 */
final class UploadsEndpoint {

	static final String UPLOADS = "/v1/uploads";

	/** The API's limit on the size of one part. */
	static final long PART_LIMIT = 64L * 1024 * 1024;

	/** The API's limit on the size of an upload. */
	static final long UPLOAD_LIMIT = 8L * 1024 * 1024 * 1024;

	private static final long EXPIRY_SECONDS = 3600;

	private final FileStore store;

	private final Map<String, Upload> uploads = new LinkedHashMap<>();

	UploadsEndpoint(FileStore store) {
		this.store = store;
	}

	synchronized void reset() {
		this.uploads.clear();
	}

	/** The answer for a request under {@code /v1/uploads}, or {@code null} if no operation matches. */
	synchronized @Nullable Reply handle(String method, String path, RecordedRequest request) {
		if (!method.equals("POST")) {
			return null;
		}
		if (path.equals(UPLOADS)) {
			return create(request);
		}
		String[] segments = path.substring(UPLOADS.length()).split("/", -1);
		if (segments.length != 3 || !segments[0].isEmpty() || segments[1].isEmpty()) {
			return null;
		}
		String id = FilesEndpoint.decode(segments[1]);
		Upload upload = this.uploads.get(id);
		return switch (segments[2]) {
			case "parts" -> (upload != null) ? addPart(upload, request) : notFound(id);
			case "complete" -> (upload != null) ? complete(upload, request) : notFound(id);
			case "cancel" -> (upload != null) ? cancel(upload) : notFound(id);
			default -> null;
		};
	}

	private Reply create(RecordedRequest request) {
		JsonNode body = Requests.parseObject(request.body());
		if (body == null) {
			return Requests.invalidJson();
		}
		for (String name : List.of("filename", "purpose", "bytes", "mime_type")) {
			if (body.path(name).isMissingNode() || body.path(name).isNull()) {
				return Requests.missingParameter(name);
			}
		}
		String purpose = body.path("purpose").asString("");
		if (!FilesEndpoint.PURPOSES.contains(purpose)) {
			return Requests.invalidParameter("purpose", "'" + purpose + "' is not a supported purpose.");
		}
		JsonNode bytes = body.path("bytes");
		if (!bytes.isIntegralNumber() || bytes.asLong() < 0 || bytes.asLong() > UPLOAD_LIMIT) {
			return Requests.invalidParameter("bytes",
					"Invalid value for 'bytes': expected an integer between 0 and " + UPLOAD_LIMIT + ".");
		}
		long createdAt = Requests.nowSeconds();
		Upload upload = new Upload(Requests.newId("upload_", 24), body.path("filename").asString(""), purpose,
				bytes.asLong(), createdAt, createdAt + EXPIRY_SECONDS);
		this.uploads.put(upload.id, upload);
		return FilesEndpoint.ok(upload.toJson());
	}

	private Reply addPart(Upload upload, RecordedRequest request) {
		Reply notPending = notPending(upload);
		if (notPending != null) {
			return notPending;
		}
		RecordedPart data = request.part("data");
		if (data == null) {
			return Requests.missingParameter("data");
		}
		if (data.size() > PART_LIMIT) {
			return Requests.invalidParameter("data", "Part is too large: " + data.size() + " bytes. Each part can be "
					+ "at most " + PART_LIMIT + " bytes.");
		}
		try {
			String id = Requests.newId("part_", 24);
			long createdAt = Requests.nowSeconds();
			upload.parts.put(id, this.store.contentOf(data));
			ObjectNode part = Json.object();
			part.put("id", id);
			part.put("object", "upload.part");
			part.put("created_at", createdAt);
			part.put("upload_id", upload.id);
			return FilesEndpoint.ok(part);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Reply complete(Upload upload, RecordedRequest request) {
		Reply notPending = notPending(upload);
		if (notPending != null) {
			return notPending;
		}
		JsonNode body = Requests.parseObject(request.body());
		if (body == null) {
			return Requests.invalidJson();
		}
		JsonNode partIds = body.path("part_ids");
		if (!partIds.isArray()) {
			return Requests.missingParameter("part_ids");
		}
		List<Content> parts = new ArrayList<>();
		long total = 0;
		for (JsonNode partId : partIds) {
			Content part = upload.parts.get(partId.asString(""));
			if (part == null) {
				return Requests.invalidParameter("part_ids", "Part '" + partId.asString("") + "' does not belong to "
						+ "upload " + upload.id + ".");
			}
			parts.add(part);
			total += part.size();
		}
		if (total != upload.bytes) {
			return Requests.invalidParameter("part_ids", "The uploaded parts add up to " + total + " bytes, but the "
					+ "upload was created with bytes=" + upload.bytes + ".");
		}
		MessageDigest md5 = md5();
		Content content;
		try (FileStore.Writer writer = this.store.writer()) {
			byte[] buffer = new byte[64 * 1024];
			for (Content part : parts) {
				try (InputStream in = part.open()) {
					int read;
					while ((read = in.read(buffer)) != -1) {
						writer.write(buffer, 0, read);
						md5.update(buffer, 0, read);
					}
				}
			}
			content = writer.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String expected = body.path("md5").asString(null);
		if (expected != null && !expected.isEmpty() && !expected.equalsIgnoreCase(HexFormat.of().formatHex(md5.digest()))) {
			content.delete();
			return Requests.invalidParameter("md5", "The md5 checksum does not match the uploaded bytes.");
		}
		upload.file = this.store.add(upload.filename, upload.purpose, content,
				upload.purpose.equals("batch") ? FilesEndpoint.BATCH_EXPIRY_SECONDS : null);
		upload.status = "completed";
		upload.parts.values().forEach(Content::delete);
		return FilesEndpoint.ok(upload.toJson());
	}

	private Reply cancel(Upload upload) {
		Reply notPending = notPending(upload);
		if (notPending != null) {
			return notPending;
		}
		upload.status = "cancelled";
		upload.parts.values().forEach(Content::delete);
		return FilesEndpoint.ok(upload.toJson());
	}

	private static @Nullable Reply notPending(Upload upload) {
		return upload.status.equals("pending") ? null
				: Requests.error(400, new OpenAIError("Upload " + upload.id + " is already " + upload.status + ".",
						"invalid_request_error", null, null));
	}

	private static Reply notFound(String id) {
		return Requests.error(404,
				new OpenAIError("No such Upload object: " + id, "invalid_request_error", "id", null));
	}

	private static MessageDigest md5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One upload and its parts so far.
	 */
	private static final class Upload {

		private final String id;

		private final String filename;

		private final String purpose;

		private final long bytes;

		private final long createdAt;

		private final long expiresAt;

		private final Map<String, Content> parts = new LinkedHashMap<>();

		private String status = "pending";

		private @Nullable StoredFile file;

		Upload(String id, String filename, String purpose, long bytes, long createdAt, long expiresAt) {
			this.id = id;
			this.filename = filename;
			this.purpose = purpose;
			this.bytes = bytes;
			this.createdAt = createdAt;
			this.expiresAt = expiresAt;
		}

		ObjectNode toJson() {
			ObjectNode upload = Json.object();
			upload.put("id", this.id);
			upload.put("object", "upload");
			upload.put("bytes", this.bytes);
			upload.put("created_at", this.createdAt);
			upload.put("filename", this.filename);
			upload.put("purpose", this.purpose);
			upload.put("status", this.status);
			upload.put("expires_at", this.expiresAt);
			// The API sends "file": null until completion; the description allows only a file object.
			if (this.file != null) {
				upload.set("file", this.file.toJson());
			}
			return upload;
		}

	}

}
