package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.test.DescribedOperation.Source;

/**
 * Makes the answers of one operation of the API description: its own example where that is
 * JSON valid against the operation's schema, else a value generated from the schema, and
 * small bodies for answers that are not JSON.
 */
final class DescribedAnswers {

	private static final String EVENT_STREAM = "text/event-stream";

	private static final String RESPONSES = "#/components/responses/";

	/** An MP4 file's leading {@code ftyp} box, which is how players recognize one. */
	private static final byte[] MP4 = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's',
			'o', 'm', 'm', 'p', '4', '1' };

	/** A 1×1 lossless WebP image. */
	private static final byte[] WEBP = { 'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
			0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xfe, 0x07,
			0 };

	/** One silent MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz): the speech endpoint's default format. */
	private static final byte[] MP3_SILENCE = mp3Silence();

	private DescribedAnswers() {
	}

	/**
	 * The operation at one path and method of the description, with its answers.
	 * @param root the whole description, normalized
	 * @param pathKey the key of the path, for example {@code /responses/{response_id}?beta=true}
	 * @param method the method, in lower case as the description writes it
	 * @param operation the operation object
	 * @param schemas checks and generates values of the description's schemas
	 * @return the operation
	 */
	static DescribedOperation of(JsonNode root, String pathKey, String method, JsonNode operation,
			SchemaInstances schemas) {
		int query = pathKey.indexOf('?');
		String path = (query >= 0) ? pathKey.substring(0, query) : pathKey;
		boolean beta = query >= 0 && pathKey.substring(query + 1).contains("beta=true");
		Success success = success(root, operation.path("responses"));
		List<JsonNode> examples = examples(operation);
		JsonNode content = success.response().path("content");
		Answer<Reply.Stream> stream = content.has(EVENT_STREAM)
				? events(content.path(EVENT_STREAM).path("schema"), examples, schemas) : null;
		String contentType = null;
		for (String type : content.propertyNames()) {
			if (!type.equals(EVENT_STREAM)) {
				contentType = type;
				break;
			}
		}
		Answer<? extends Reply> answer;
		if (contentType != null) {
			answer = declared(success.status(), contentType, content.path(contentType), examples, schemas);
		}
		else {
			answer = (stream != null) ? stream : undeclared(success.status(), examples);
		}
		return new DescribedOperation(method.toUpperCase(Locale.ROOT), path, beta,
				operation.path("operationId").asString(method + " " + pathKey), answer.reply(), answer.source(),
				(stream != null) ? stream.reply() : null, (stream != null) ? stream.source() : null);
	}

	/** The answer of a declared content type other than an event stream. */
	private static Answer<Reply> declared(int status, String contentType, JsonNode mediaType, List<JsonNode> examples,
			SchemaInstances schemas) {
		if (!isJson(contentType)) {
			return new Answer<>(new Reply.Body(status, contentType, body(contentType, firstText(examples))),
					Source.NON_JSON);
		}
		JsonNode schema = mediaType.path("schema");
		String valid = validExample(examples, schema, schemas);
		if (valid != null) {
			return new Answer<>(new Reply.Json(status, valid), Source.EXAMPLE);
		}
		return new Answer<>(new Reply.Json(status, Json.write(schemas.generate(schema))), Source.SCHEMA);
	}

	/**
	 * The answer of an operation that declares no content: its example as JSON or as bytes,
	 * else nothing.
	 */
	private static Answer<Reply> undeclared(int status, List<JsonNode> examples) {
		JsonNode example = firstJson(examples);
		if (example != null) {
			return new Answer<>(new Reply.Json(status, example.asString().strip()), Source.EXAMPLE);
		}
		String text = firstText(examples);
		if (text != null) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			return new Answer<>(new Reply.Body(status, "application/octet-stream", bytes), Source.NON_JSON);
		}
		return new Answer<>(new Reply.Body(status, null, new byte[0]), Source.EMPTY);
	}

	/** The first 2xx response an operation declares, with its status: what a successful call gets. */
	private static Success success(JsonNode root, JsonNode responses) {
		for (Map.Entry<String, JsonNode> response : responses.properties()) {
			if (response.getKey().startsWith("2")) {
				JsonNode resolved = response.getValue();
				JsonNode ref = resolved.path("$ref");
				if (ref.isString() && ref.asString().startsWith(RESPONSES)) {
					String name = ref.asString().substring(RESPONSES.length());
					resolved = root.path("components").path("responses").path(name);
				}
				return new Success(Integer.parseInt(response.getKey().replace('X', '0')), resolved);
			}
		}
		return new Success(200, Json.object());
	}

	/** The {@code response} of each example, a single one or a list, in order. */
	private static List<JsonNode> examples(JsonNode operation) {
		JsonNode examples = operation.path("x-oaiMeta").path("examples");
		List<JsonNode> responses = new ArrayList<>();
		if (examples.isArray()) {
			examples.forEach((example) -> responses.add(example.path("response")));
		}
		else if (examples.isObject()) {
			responses.add(examples.path("response"));
		}
		responses.removeIf((response) -> !response.isString());
		return responses;
	}

	/** The text of the first example valid as JSON and against the schema, if any. */
	private static @Nullable String validExample(List<JsonNode> examples, JsonNode schema, SchemaInstances schemas) {
		for (JsonNode example : examples) {
			JsonNode value = parse(example.asString());
			if (value != null && (schema.isMissingNode() || schemas.conforms(value, schema))) {
				return example.asString().strip();
			}
		}
		return null;
	}

	private static @Nullable JsonNode firstJson(List<JsonNode> examples) {
		for (JsonNode example : examples) {
			if (parse(example.asString()) != null) {
				return example;
			}
		}
		return null;
	}

	private static @Nullable String firstText(List<JsonNode> examples) {
		for (JsonNode example : examples) {
			if (!example.asString().isBlank()) {
				return example.asString();
			}
		}
		return null;
	}

	private static @Nullable JsonNode parse(String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return Json.read(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean isJson(String contentType) {
		return contentType.equals("application/json") || contentType.endsWith("+json");
	}

	/**
	 * The events of a stream: an example stream whose every event is valid against the event
	 * schema, else one generated event for each variant of the event union, in order.
	 */
	private static Answer<Reply.Stream> events(JsonNode schema, List<JsonNode> examples, SchemaInstances schemas) {
		for (JsonNode example : examples) {
			List<Reply.Event> events = exampleEvents(example.asString(), schema, schemas);
			if (events != null) {
				boolean named = events.stream().anyMatch((event) -> event.name() != null);
				if (example.asString().contains("[DONE]")) {
					events.add(new Reply.Event(null, "[DONE]"));
				}
				return new Answer<>(stream(events, named), Source.EXAMPLE);
			}
		}
		List<Reply.Event> events = new ArrayList<>();
		JsonNode union = OpenAPIDescription.resolve(schemas.components(), schema);
		List<JsonNode> variants = new ArrayList<>();
		union.path("anyOf").forEach(variants::add);
		union.path("oneOf").forEach(variants::add);
		if (variants.isEmpty()) {
			variants.add(schema);
		}
		for (JsonNode variant : variants) {
			JsonNode event = schemas.generate(variant);
			if (schemas.conforms(event, schema)) {
				events.add(new Reply.Event(null, Json.write(event)));
			}
		}
		return new Answer<>(stream(events, false), Source.SCHEMA);
	}

	/**
	 * The events of an example stream ({@code event:} and {@code data:} lines), or
	 * {@code null} if it is not one or one of its events is not valid.
	 */
	private static @Nullable List<Reply.Event> exampleEvents(String text, JsonNode schema, SchemaInstances schemas) {
		List<Reply.Event> events = new ArrayList<>();
		for (String block : text.replace("\r\n", "\n").split("\n\n")) {
			if (block.isBlank()) {
				continue;
			}
			String name = null;
			String data = null;
			for (String line : block.strip().split("\n")) {
				if (line.startsWith("event:")) {
					name = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					data = line.substring("data:".length()).strip();
				}
				else {
					return null;
				}
			}
			if (data == null) {
				return null;
			}
			if (data.equals("[DONE]")) {
				continue;
			}
			JsonNode event = parse(data);
			if (event == null || !schemas.conforms(event, schema)) {
				return null;
			}
			events.add(new Reply.Event(name, Json.write(event)));
		}
		return events.isEmpty() ? null : events;
	}

	private static Reply.Stream stream(List<Reply.Event> events, boolean named) {
		return new Reply.Stream(events,
				(sent) -> new Reply.Event(named ? "error" : null, OpenAIError.forStatus(500).toJson()));
	}

	/**
	 * A small body of a content type other than JSON: the example where the type is text,
	 * else the smallest body of that type a client can still open.
	 */
	static byte[] body(String contentType, @Nullable String example) {
		return switch (contentType) {
			case "application/zip" -> zip();
			case "video/mp4" -> MP4.clone();
			case "image/webp" -> WEBP.clone();
			case "application/octet-stream", "audio/mpeg" -> (example != null)
					? example.getBytes(StandardCharsets.UTF_8) : MP3_SILENCE.clone();
			default -> ((example != null) ? example : "").getBytes(StandardCharsets.UTF_8);
		};
	}

	/** A zip archive with one small text file. */
	private static byte[] zip() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			ZipEntry entry = new ZipEntry("README.md");
			// A fixed time keeps the archive the same from run to run.
			entry.setTime(0);
			zip.putNextEntry(entry);
			zip.write("Content from MockOpenAIServer.\n".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] mp3Silence() {
		// 144 * 128000 / 44100 bytes per frame; a header and zeros decode as silence.
		byte[] frame = new byte[417];
		frame[0] = (byte) 0xff;
		frame[1] = (byte) 0xfb;
		frame[2] = (byte) 0x90;
		frame[3] = (byte) 0x64;
		return frame;
	}

	private record Success(int status, JsonNode response) {

	}

	private record Answer<R extends Reply>(R reply, Source source) {

	}

}
