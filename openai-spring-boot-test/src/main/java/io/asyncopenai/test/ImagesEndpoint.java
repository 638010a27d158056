package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/images}: generations, edits and variations answered with pictures the mock
 * draws ({@link Png}), as {@code b64_json} (always for the GPT image models) or as URLs on the
 * mock itself (the DALL·E models' default), or streamed as partial images and a completed one.
 *
 * <p>A picture has the asked size if it is at most 1536×1536, else it is 64×64; its colour
 * depends on the prompt and the picture's index. The size {@code auto} is the size of the
 * first input image of an edit when that is a PNG, else 1024×1024.
 */
final class ImagesEndpoint {

	static final String GENERATIONS = "/v1/images/generations";

	static final String EDITS = "/v1/images/edits";

	static final String VARIATIONS = "/v1/images/variations";

	/** Where the pictures answered as URLs are served, without an API key, as the API's are. */
	static final String PICTURES = "/v1/_mock/images/";

	private static final int MAX_SIDE = 1536;

	private static final int FALLBACK_SIDE = 64;

	private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

	private static final List<String> FORMATS = List.of("png", "jpeg", "webp");

	private final Map<String, byte[]> pictures = new ConcurrentHashMap<>();

	private final UnaryOperator<String> url;

	/**
	 * @param url makes an absolute URL on the server of a path
	 */
	ImagesEndpoint(UnaryOperator<String> url) {
		this.url = url;
	}

	/** The answer for a request under {@code /v1/images}, or {@code null} if no operation matches. */
	@Nullable Reply handle(String method, String path, RecordedRequest request) {
		if (method.equals("GET") && path.startsWith(PICTURES)) {
			byte[] picture = this.pictures.get(path.substring(PICTURES.length()));
			return (picture != null) ? new Reply.Body(200, "image/png", picture) : null;
		}
		if (!method.equals("POST")) {
			return null;
		}
		return switch (path) {
			case GENERATIONS -> generate(request.body());
			case EDITS -> edit(request);
			case VARIATIONS -> vary(request);
			default -> null;
		};
	}

	void reset() {
		this.pictures.clear();
	}

	/** {@code POST /v1/images/generations}, from a request or a line of a batch. */
	Reply generate(String json) {
		JsonNode body = Requests.parseObject(json);
		if (body == null) {
			return Requests.invalidJson();
		}
		Form form = Form.of(body);
		return answer(form, "dall-e-2", "image_generation", 0, null);
	}

	private Reply edit(RecordedRequest request) {
		boolean multipart = MultipartReader.isMultipart(request.header("content-type"));
		Form form;
		int images;
		int @Nullable [] inputSize = null;
		if (multipart) {
			form = Form.of(request);
			List<RecordedPart> parts = request.parts()
				.stream()
				.filter((part) -> part.isFile() && (part.name().equals("image") || part.name().equals("image[]")))
				.toList();
			images = parts.size();
			if (!parts.isEmpty()) {
				inputSize = pngSize(parts.get(0));
			}
		}
		else {
			JsonNode body = Requests.parseObject(request.body());
			if (body == null) {
				return Requests.invalidJson();
			}
			form = Form.of(body);
			images = 0;
			for (JsonNode image : body.path("images")) {
				if (!image.path("image_url").isString() && !image.path("file_id").isString()) {
					return Requests.invalidParameter("images",
							"Invalid 'images': each image needs an 'image_url' or a 'file_id'.");
				}
				images++;
			}
		}
		if (images == 0) {
			return Requests.missingParameter(multipart ? "image" : "images");
		}
		return answer(form, "gpt-image-1.5", "image_edit", images, inputSize);
	}

	private Reply vary(RecordedRequest request) {
		RecordedPart image = request.part("image");
		if (image == null || !image.isFile()) {
			return Requests.missingParameter("image");
		}
		Form form = Form.of(request);
		return answer(form.withPrompt("variation of " + image.filename()), "dall-e-2", null, 1, pngSize(image));
	}

	/**
	 * Checks the shared parameters and answers.
	 * @param events the prefix of the stream's event types, or {@code null} if the operation
	 * does not stream
	 * @param inputImages how many images the request gave
	 * @param inputSize the size of its first image, if known
	 */
	private Reply answer(Form form, String defaultModel, @Nullable String events, int inputImages,
			int @Nullable [] inputSize) {
		String prompt = form.text("prompt");
		if (prompt == null || prompt.isBlank()) {
			return Requests.missingParameter("prompt");
		}
		if (prompt.length() > 32_000) {
			return Requests.invalidParameter("prompt", "Invalid 'prompt': string too long. Expected a string with "
					+ "maximum length 32000, but got a string with length " + prompt.length() + " instead.");
		}
		String model = form.text("model");
		model = (model != null && !model.isBlank()) ? model : defaultModel;
		boolean gpt = !model.startsWith("dall-e");
		Integer n = form.integer("n", 1);
		if (n == null || n < 1 || n > 10 || (model.equals("dall-e-3") && n != 1)) {
			return Requests.invalidParameter("n", model.equals("dall-e-3") ? "Invalid 'n': dall-e-3 only supports n=1."
					: "Invalid 'n': expected an integer between 1 and 10.");
		}
		String size = form.text("size");
		size = (size != null) ? size : "auto";
		Matcher matcher = SIZE.matcher(size);
		if (!size.equals("auto") && !matcher.matches()) {
			return Requests.invalidParameter("size",
					"Invalid value for 'size': '" + size + "'. Expected 'auto' or WIDTHxHEIGHT, like '1024x1024'.");
		}
		int width = 1024;
		int height = 1024;
		if (matcher.matches()) {
			width = Integer.parseInt(matcher.group(1));
			height = Integer.parseInt(matcher.group(2));
		}
		else if (inputSize != null) {
			width = inputSize[0];
			height = inputSize[1];
		}
		String format = form.text("output_format");
		format = (format != null) ? format : "png";
		if (!FORMATS.contains(format)) {
			return Requests.invalidParameter("output_format",
					"Invalid value for 'output_format': '" + format + "' is not one of " + FORMATS + ".");
		}
		String responseFormat = form.text("response_format");
		responseFormat = (responseFormat != null) ? responseFormat : "url";
		if (!responseFormat.equals("url") && !responseFormat.equals("b64_json")) {
			return Requests.invalidParameter("response_format",
					"Invalid value for 'response_format': expected 'url' or 'b64_json'.");
		}
		boolean stream = "true".equalsIgnoreCase(form.text("stream"));
		Integer partials = form.integer("partial_images", 0);
		if (partials == null || partials < 0 || partials > 3) {
			return Requests.invalidParameter("partial_images",
					"Invalid 'partial_images': expected an integer between 0 and 3.");
		}
		if (stream && (events == null || !gpt)) {
			return Requests.invalidParameter("stream", "Streaming is not supported for " + model + ".");
		}
		String background = form.text("background");
		background = (background != null) ? background : "auto";
		boolean transparent = background.equals("transparent");
		// webp is not drawn: such a request gets a PNG, and says so in output_format.
		String encoding = (format.equals("jpeg") && !transparent) ? "jpeg" : "png";
		String quality = form.text("quality");
		quality = (quality != null && List.of("low", "medium", "high").contains(quality)) ? quality : "high";
		Picture picture = new Picture(prompt, (width <= MAX_SIDE && height <= MAX_SIDE) ? width : FALLBACK_SIDE,
				(width <= MAX_SIDE && height <= MAX_SIDE) ? height : FALLBACK_SIDE, encoding, transparent);
		int inputTokens = Math.max(1, MockContent.countTokens(prompt));
		int imageTokens = inputImages * 65;
		int outputTokens = outputTokens(quality, width, height);
		long created = Requests.nowSeconds();
		String sizeName = List.of("1024x1024", "1024x1536", "1536x1024").contains(width + "x" + height)
				? width + "x" + height : null;
		if (stream) {
			return stream(events, picture, n, partials, created, sizeName, quality, transparent,
					usage(inputTokens, imageTokens, outputTokens));
		}
		ObjectNode response = Json.object();
		response.put("created", created);
		ArrayNode data = response.putArray("data");
		for (int index = 0; index < n; index++) {
			byte[] bytes = picture.draw(index, 1, 1);
			ObjectNode image = data.addObject();
			if (gpt || responseFormat.equals("b64_json")) {
				image.put("b64_json", Base64.getEncoder().encodeToString(bytes));
			}
			else {
				String id = Requests.newId("img-", 24) + ".png";
				this.pictures.put(id, bytes);
				image.put("url", this.url.apply(PICTURES + id));
			}
			if (model.equals("dall-e-3")) {
				image.put("revised_prompt", prompt);
			}
		}
		if (gpt) {
			response.put("background", transparent ? "transparent" : "opaque");
			response.put("output_format", encoding);
			if (sizeName != null) {
				response.put("size", sizeName);
			}
			response.put("quality", quality);
			response.set("usage", usage(inputTokens, imageTokens, outputTokens * n));
		}
		return FilesEndpoint.ok(response);
	}

	private static Reply stream(String events, Picture picture, int n, int partials, long created,
			@Nullable String size, String quality, boolean transparent, ObjectNode usage) {
		List<Reply.Event> sse = new ArrayList<>();
		for (int index = 0; index < n; index++) {
			for (int partial = 0; partial < partials; partial++) {
				ObjectNode event = event(events + ".partial_image", picture.draw(index, partial + 1, partials + 1),
						created, size, quality, transparent, picture.encoding());
				event.put("partial_image_index", partial);
				sse.add(new Reply.Event(event.path("type").asString(), Json.write(event)));
			}
			ObjectNode completed = event(events + ".completed", picture.draw(index, 1, 1), created, size, quality,
					transparent, picture.encoding());
			completed.set("usage", usage);
			sse.add(new Reply.Event(completed.path("type").asString(), Json.write(completed)));
		}
		return new Reply.Stream(sse, (sent) -> new Reply.Event("error", OpenAIError.forStatus(500).toJson()));
	}

	private static ObjectNode event(String type, byte[] picture, long created, @Nullable String size, String quality,
			boolean transparent, String format) {
		ObjectNode event = Json.object();
		event.put("type", type);
		event.put("b64_json", Base64.getEncoder().encodeToString(picture));
		event.put("created_at", created);
		event.put("size", (size != null) ? size : "auto");
		event.put("quality", quality);
		event.put("background", transparent ? "transparent" : "opaque");
		event.put("output_format", format);
		return event;
	}

	// Output tokens as the API counts them for a 1024x1024 picture by quality, scaled by area.
	private static int outputTokens(String quality, int width, int height) {
		int square = switch (quality) {
			case "low" -> 272;
			case "medium" -> 1056;
			default -> 4160;
		};
		return (int) Math.max(1, Math.round(square * (width * (double) height) / (1024 * 1024)));
	}

	private static ObjectNode usage(int textTokens, int imageTokens, int outputTokens) {
		ObjectNode usage = Json.object();
		usage.put("total_tokens", textTokens + imageTokens + outputTokens);
		usage.put("input_tokens", textTokens + imageTokens);
		usage.put("output_tokens", outputTokens);
		ObjectNode details = usage.putObject("input_tokens_details");
		details.put("text_tokens", textTokens);
		details.put("image_tokens", imageTokens);
		return usage;
	}

	private static int @Nullable [] pngSize(RecordedPart part) {
		try (InputStream in = part.openStream()) {
			return Png.size(in.readNBytes(24));
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * What is drawn: the prompt's colour, a size and an encoding.
	 */
	private record Picture(String prompt, int width, int height, String encoding, boolean transparent) {

		/** The picture of an index, at a step of its progress: partial images are darker. */
		byte[] draw(int index, int step, int steps) {
			int colour = (prompt.hashCode() * 31 + index) & 0x7f7f7f;
			int r = ((colour >> 16) & 0xff) * step / steps;
			int g = ((colour >> 8) & 0xff) * step / steps;
			int b = (colour & 0xff) * step / steps;
			int rgb = (r << 16) | (g << 8) | b;
			return this.encoding.equals("jpeg") ? Png.jpeg(this.width, this.height, rgb)
					: Png.png(this.width, this.height, rgb, this.transparent);
		}

	}

	/**
	 * The parameters of a request, from a JSON body or a multipart form alike.
	 */
	private interface Form {

		@Nullable String text(String name);

		/** An integer parameter, {@code fallback} if absent, {@code null} if not an integer. */
		default @Nullable Integer integer(String name, int fallback) {
			String text = text(name);
			if (text == null) {
				return fallback;
			}
			Long value = FilesEndpoint.parseLong(text);
			return (value != null && value == value.intValue()) ? value.intValue() : null;
		}

		default Form withPrompt(String prompt) {
			return (name) -> name.equals("prompt") ? prompt : text(name);
		}

		static Form of(JsonNode body) {
			return (name) -> {
				JsonNode value = body.path(name);
				return (value.isMissingNode() || value.isNull() || value.isContainer()) ? null : value.asString();
			};
		}

		static Form of(RecordedRequest request) {
			return (name) -> {
				RecordedPart part = request.part(name);
				return (part != null && !part.isFile() && part.size() <= 64 * 1024) ? part.text().strip() : null;
			};
		}

	}

}
