package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.POJONode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A {@code multipart/form-data} body (RFC 7578) made from a params object, written as a
 * stream of buffers: each {@link UploadFile} becomes a file part, every other field a text
 * part, named as the API reads forms: {@code name[]} for each item of a list,
 * {@code name[key]} for each member of an object.
 */
final class MultipartBody {

	private static final byte[] CRLF = { '\r', '\n' };

	/**
	 * The largest form held in memory that is sent as one buffer: above it, the form goes part
	 * by part, so that a large upload from bytes does not need a second buffer of its size.
	 */
	static final int MAX_SINGLE_BUFFER = 8 * 1024 * 1024;

	private static final Base64.Encoder BOUNDARY_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String boundary;

	private final List<Part> parts;

	private final byte[] closing;

	/** Whether a part that can be read once only has been read, so that the body cannot be sent again. */
	private final AtomicBoolean readOnce = new AtomicBoolean();

	private MultipartBody(String boundary, List<Part> parts) {
		this.boundary = boundary;
		this.parts = parts;
		this.closing = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The body of a params object.
	 * @param mapper the mapper that writes the params' fields
	 * @param params the params, an object whose files are {@link UploadFile}s
	 * @param encodings content types of fields sent as a part of their own, by field name:
	 * {@code application/json} writes the field's value as JSON, any other type its text
	 * @param stream whether to add {@code stream=true} as the first field
	 * @return the body
	 */
	static MultipartBody of(JsonMapper mapper, Object params, Map<String, String> encodings, boolean stream) {
		JsonNode tree = mapper.valueToTree(params);
		if (tree == null || !tree.isObject()) {
			throw new IllegalArgumentException("A multipart request's params must be an object, not " + params);
		}
		String boundary = boundary();
		List<Part> parts = new ArrayList<>();
		if (stream) {
			parts.add(Part.text(boundary, "stream", "true"));
		}
		for (Map.Entry<String, JsonNode> field : tree.properties()) {
			String name = field.getKey();
			String encoding = encodings.get(name);
			if (stream && name.equals("stream")) {
				continue;
			}
			if (encoding != null && !field.getValue().isNull()) {
				byte[] content = encoding.startsWith("application/json")
						? mapper.writeValueAsBytes(field.getValue())
						: field.getValue().asString().getBytes(StandardCharsets.UTF_8);
				parts.add(Part.bytes(boundary, name, null, encoding, content));
			}
			else {
				flatten(boundary, name, field.getValue(), parts);
			}
		}
		return new MultipartBody(boundary, List.copyOf(parts));
	}

	private static void flatten(String boundary, String name, JsonNode value, List<Part> parts) {
		if (value instanceof POJONode pojo && pojo.getPojo() instanceof UploadFile file) {
			parts.add(Part.file(boundary, name, file));
		}
		else if (value.isArray()) {
			for (JsonNode item : value) {
				flatten(boundary, name + "[]", item, parts);
			}
		}
		else if (value.isObject()) {
			for (Map.Entry<String, JsonNode> member : value.properties()) {
				flatten(boundary, name + "[" + member.getKey() + "]", member.getValue(), parts);
			}
		}
		else if (value.isPojo()) {
			throw new IllegalArgumentException("The multipart field " + name + " holds a value that is neither JSON nor a file: "
					+ ((POJONode) value).getPojo());
		}
		else if (!value.isNull() && !value.isMissingNode()) {
			parts.add(Part.text(boundary, name, value.asString()));
		}
	}

	/** The {@code Content-Type} of the request, with its boundary. */
	String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	/** The size of the whole body, or {@code -1} if a part's size is not known before it is sent. */
	long contentLength() {
		long length = this.closing.length;
		for (Part part : this.parts) {
			long content = part.contentLength();
			if (content < 0) {
				return -1;
			}
			length += part.head.length + content + CRLF.length;
		}
		return length;
	}

	/**
	 * Whether the body can be sent again: every part can be read again, or the one that cannot
	 * has not been read yet.
	 */
	boolean canResend() {
		return !this.readOnce.get() || this.parts.stream().allMatch(Part::replayable);
	}

	/**
	 * The body's bytes: a form held in memory whole (text fields, files made from bytes) of
	 * at most {@link #MAX_SINGLE_BUFFER} bytes is written into one buffer and sent as a
	 * {@code Mono}, which lets the transport send it with the request's headers in one write
	 * (the socket needs the bytes copied once anyway); any other form is read part by part as
	 * it is written.
	 */
	Publisher<DataBuffer> content(DataBufferFactory factory) {
		// In memory first: the length of a file part may take a read of the file system.
		long length = this.parts.stream().allMatch(Part::inMemory) ? contentLength() : -1;
		if (length >= 0 && length <= MAX_SINGLE_BUFFER) {
			return Mono.fromSupplier(() -> {
				DataBuffer buffer = factory.allocateBuffer((int) length);
				for (Part part : this.parts) {
					buffer.write(part.head);
					buffer.write(part.bytesInMemory());
					buffer.write(CRLF);
				}
				return buffer.write(this.closing);
			}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
		}
		return parts(factory);
	}

	private Flux<DataBuffer> parts(DataBufferFactory factory) {
		List<Flux<DataBuffer>> sequence = new ArrayList<>(this.parts.size() * 3 + 1);
		for (Part part : this.parts) {
			sequence.add(Flux.defer(() -> Flux.just(factory.wrap(part.head))));
			Flux<DataBuffer> content = part.content(factory);
			if (!part.replayable()) {
				content = content.doOnSubscribe((subscription) -> this.readOnce.set(true));
			}
			sequence.add(content);
			sequence.add(Flux.defer(() -> Flux.just(factory.wrap(CRLF))));
		}
		sequence.add(Flux.defer(() -> Flux.just(factory.wrap(this.closing))));
		return Flux.concat(sequence);
	}

	@Override
	public String toString() {
		return "MultipartBody" + this.parts;
	}

	private static String boundary() {
		// One draw of 192 random bits: each draw from the JDK's SecureRandom takes a lock.
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		return "asyncopenai-" + BOUNDARY_ENCODER.encodeToString(random);
	}

	/**
	 * The value of a text field sent whole, such as the {@code model} an Azure deployment path
	 * is named after.
	 * @param name the field's name
	 * @return its value, or {@code null} if the form has no such text part
	 */
	@Nullable String textField(String name) {
		for (Part part : this.parts) {
			if (part.name.equals(name) && part.bytes != null && part.file == null) {
				return new String(part.bytes, StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/**
	 * One part: its delimiter and headers, and its content.
	 */
	private static final class Part {

		private final String name;

		final byte[] head;

		private final byte @Nullable [] bytes;

		private final @Nullable UploadFile file;

		private Part(String name, byte[] head, byte @Nullable [] bytes,
				@Nullable UploadFile file) {
			this.name = name;
			this.head = head;
			this.bytes = bytes;
			this.file = file;
		}

		static Part text(String boundary, String name, String value) {
			return bytes(boundary, name, null, null, value.getBytes(StandardCharsets.UTF_8));
		}

		static Part bytes(String boundary, String name, @Nullable String filename,
				@Nullable String contentType, byte[] content) {
			return new Part(name, head(boundary, name, filename, contentType), content, null);
		}

		static Part file(String boundary, String name, UploadFile file) {
			return new Part(name, head(boundary, name, file.filename(), file.contentType()), null, file);
		}

		private static byte[] head(String boundary, String name, @Nullable String filename,
				@Nullable String contentType) {
			StringBuilder head = new StringBuilder(128).append("--")
				.append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"")
				.append(escape(name))
				.append('"');
			if (filename != null) {
				head.append("; filename=\"").append(escape(filename)).append('"');
			}
			head.append("\r\n");
			if (contentType != null) {
				head.append("Content-Type: ").append(contentType.replace("\r", "").replace("\n", "")).append("\r\n");
			}
			return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
		}

		/** A name or file name within quotes, encoded as HTML forms do (WHATWG). */
		private static String escape(String value) {
			return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
		}

		boolean inMemory() {
			return this.bytes != null || this.file.bytesInMemory() != null;
		}

		byte[] bytesInMemory() {
			return (this.bytes != null) ? this.bytes : this.file.bytesInMemory();
		}

		long contentLength() {
			if (this.bytes != null) {
				return this.bytes.length;
			}
			return this.file.contentLength().orElse(-1);
		}

		boolean replayable() {
			return this.file == null || this.file.isReplayable();
		}

		Flux<DataBuffer> content(DataBufferFactory factory) {
			if (this.bytes != null) {
				byte[] content = this.bytes;
				return Flux.defer(() -> Flux.just(factory.wrap(content)));
			}
			return this.file.content(factory);
		}

		@Override
		public String toString() {
			return (this.file != null) ? this.name + "=" + this.file : this.name;
		}

	}

}
