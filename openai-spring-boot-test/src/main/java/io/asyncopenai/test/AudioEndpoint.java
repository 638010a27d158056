package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/audio}: speech that is real audio of the asked format, 60 ms per input
 * character (over the speed), and transcriptions and translations that name the uploaded file.
 *
 * <p>The duration of an uploaded file is read from its header if it is a WAV file, else
 * estimated from its size as 128 kbit/s audio; only the header is read, whatever the size.
 */
final class AudioEndpoint {

	static final String SPEECH = "/v1/audio/speech";

	static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";

	static final String TRANSLATIONS = "/v1/audio/translations";

	/** How long the mock takes to say one character, at speed 1. */
	static final int MILLIS_PER_CHARACTER = 60;

	private static final int MAX_INPUT = 4096;

	private static final List<String> SPEECH_FORMATS = List.of("mp3", "opus", "aac", "flac", "wav", "pcm");

	private static final List<String> TEXT_FORMATS = List.of("json", "text", "srt", "verbose_json", "vtt");

	// The audio of one speech.audio.delta event, before base64.
	private static final int DELTA_BYTES = 16 * 1024;

	// What a compressed upload is taken to hold per second when its header says nothing.
	private static final int ESTIMATED_BYTES_PER_SECOND = 16_000;

	Reply speech(String body) {
		return Requests.withModel(body, Requests.missingParameter("model"), this::speech);
	}

	private Reply speech(JsonNode request, String model) {
		JsonNode input = request.path("input");
		if (!input.isString() || input.asString().isEmpty()) {
			return Requests.missingParameter("input");
		}
		int length = input.asString().length();
		if (length > MAX_INPUT) {
			return Requests.invalidParameter("input", "Invalid 'input': string too long. Expected a string with "
					+ "maximum length " + MAX_INPUT + ", but got a string with length " + length + " instead.");
		}
		JsonNode voice = request.path("voice");
		if (!(voice.isString() && !voice.asString().isBlank()) && !voice.path("id").isString()) {
			return Requests.missingParameter("voice");
		}
		String format = request.path("response_format").asString("mp3");
		if (!SPEECH_FORMATS.contains(format)) {
			return Requests.invalidParameter("response_format",
					"Invalid value for 'response_format': '" + format + "' is not one of " + SPEECH_FORMATS + ".");
		}
		JsonNode speedNode = request.path("speed");
		double speed = speedNode.isNumber() ? speedNode.asDouble() : 1;
		if (speed < 0.25 || speed > 4) {
			return Requests.invalidParameter("speed", "Invalid 'speed': expected a number between 0.25 and 4.0.");
		}
		String streamFormat = request.path("stream_format").asString("audio");
		if (!streamFormat.equals("audio") && !streamFormat.equals("sse")) {
			return Requests.invalidParameter("stream_format",
					"Invalid value for 'stream_format': expected 'audio' or 'sse'.");
		}
		if (streamFormat.equals("sse") && model.startsWith("tts-1")) {
			return Requests.invalidParameter("stream_format",
					"stream_format 'sse' is not supported for " + model + ".");
		}
		int samples = Wav.samples(Math.round(length * MILLIS_PER_CHARACTER / speed));
		byte[] audio = switch (format) {
			case "wav" -> Wav.wav(Wav.pcm(samples));
			case "pcm" -> Wav.pcm(samples);
			case "flac" -> AudioFormats.flac(samples);
			case "opus" -> AudioFormats.opus(samples);
			case "aac" -> AudioFormats.aac(samples);
			default -> AudioFormats.mp3(samples);
		};
		if (streamFormat.equals("audio")) {
			return new Reply.Body(200, contentType(format), audio);
		}
		List<Reply.Event> events = new ArrayList<>();
		for (int start = 0; start < audio.length; start += DELTA_BYTES) {
			ObjectNode delta = Json.object();
			delta.put("type", "speech.audio.delta");
			delta.put("audio", Base64.getEncoder()
				.encodeToString(Arrays.copyOfRange(audio, start, Math.min(audio.length, start + DELTA_BYTES))));
			events.add(new Reply.Event(null, Json.write(delta)));
		}
		ObjectNode done = Json.object();
		done.put("type", "speech.audio.done");
		int inputTokens = Math.max(1, MockContent.countTokens(input.asString()));
		// Audio tokens as the API counts them for its TTS models, roughly: one per 20 ms.
		int outputTokens = Math.max(1, samples / (Wav.SAMPLE_RATE / 50));
		ObjectNode usage = done.putObject("usage");
		usage.put("input_tokens", inputTokens);
		usage.put("output_tokens", outputTokens);
		usage.put("total_tokens", inputTokens + outputTokens);
		events.add(new Reply.Event(null, Json.write(done)));
		return new Reply.Stream(events, (sent) -> new Reply.Event(null, OpenAIError.forStatus(500).toJson()));
	}

	static String contentType(String format) {
		return switch (format) {
			case "wav" -> "audio/wav";
			case "pcm" -> "audio/pcm";
			case "flac" -> "audio/flac";
			case "opus" -> "audio/opus";
			case "aac" -> "audio/aac";
			default -> "audio/mpeg";
		};
	}

	/** {@code POST /v1/audio/transcriptions} or {@code /v1/audio/translations}: a multipart form. */
	Reply transcribe(RecordedRequest request, boolean translate) {
		RecordedPart file = request.part("file");
		if (file == null || !file.isFile()) {
			return Requests.missingParameter("file");
		}
		String model = field(request, "model");
		if (model == null || model.isBlank()) {
			return Requests.missingParameter("model");
		}
		String format = field(request, "response_format");
		format = (format != null) ? format : "json";
		if (!TEXT_FORMATS.contains(format)) {
			return Requests.invalidParameter("response_format",
					"Invalid value for 'response_format': '" + format + "' is not one of " + TEXT_FORMATS + ".");
		}
		String filename = (file.filename() != null && !file.filename().isEmpty()) ? file.filename() : "file";
		String text = (translate ? "Translation of " : "Transcript of ") + filename + " (" + file.size() + " bytes)";
		double seconds = seconds(file);
		if (!translate && DescribedEndpoints.asksForStream(request)) {
			return stream(text, seconds);
		}
		List<String> granularities = new ArrayList<>();
		request.parts()
			.stream()
			.filter((part) -> part.name().equals("timestamp_granularities[]") && !part.isFile())
			.forEach((part) -> granularities.add(part.text().strip()));
		return switch (format) {
			case "text" -> text(text + "\n");
			case "srt" -> text("1\n" + timestamp(0, ',') + " --> " + timestamp(seconds, ',') + "\n" + text + "\n\n");
			case "vtt" -> text("WEBVTT\n\n" + timestamp(0, '.') + " --> " + timestamp(seconds, '.') + "\n" + text
					+ "\n\n");
			case "verbose_json" -> FilesEndpoint.ok(verbose(text, seconds, translate, granularities));
			default -> FilesEndpoint.ok(json(text, seconds, model, translate));
		};
	}

	private static ObjectNode json(String text, double seconds, String model, boolean translate) {
		ObjectNode json = Json.object();
		json.put("text", text);
		if (!translate) {
			json.set("usage", model.startsWith("whisper") ? durationUsage(seconds) : tokenUsage(text, seconds));
		}
		return json;
	}

	private static ObjectNode verbose(String text, double seconds, boolean translate, List<String> granularities) {
		ObjectNode json = Json.object();
		json.put("task", translate ? "translate" : "transcribe");
		json.put("language", "english");
		json.put("duration", seconds);
		json.put("text", text);
		List<String> words = MockContent.tokens(text).stream().map(String::strip).toList();
		if (granularities.contains("word")) {
			ArrayNode timed = json.putArray("words");
			for (int i = 0; i < words.size(); i++) {
				ObjectNode word = timed.addObject();
				word.put("word", words.get(i));
				word.put("start", seconds * i / words.size());
				word.put("end", seconds * (i + 1) / words.size());
			}
		}
		if (granularities.isEmpty() || granularities.contains("segment")) {
			ObjectNode segment = json.putArray("segments").addObject();
			segment.put("id", 0);
			segment.put("seek", 0);
			segment.put("start", 0.0);
			segment.put("end", seconds);
			segment.put("text", " " + text);
			ArrayNode tokens = segment.putArray("tokens");
			for (int i = 0; i < words.size(); i++) {
				tokens.add(50364 + i);
			}
			segment.put("temperature", 0.0);
			segment.put("avg_logprob", -0.2);
			segment.put("compression_ratio", 1.0);
			segment.put("no_speech_prob", 0.01);
		}
		if (!translate) {
			json.set("usage", durationUsage(seconds));
		}
		return json;
	}

	private static Reply stream(String text, double seconds) {
		List<Reply.Event> events = new ArrayList<>();
		for (String token : MockContent.tokens(text)) {
			ObjectNode delta = Json.object();
			delta.put("type", "transcript.text.delta");
			delta.put("delta", token);
			events.add(new Reply.Event(null, Json.write(delta)));
		}
		ObjectNode done = Json.object();
		done.put("type", "transcript.text.done");
		done.put("text", text);
		done.set("usage", tokenUsage(text, seconds));
		events.add(new Reply.Event(null, Json.write(done)));
		return new Reply.Stream(events, (sent) -> new Reply.Event(null, OpenAIError.forStatus(500).toJson()));
	}

	private static ObjectNode durationUsage(double seconds) {
		ObjectNode usage = Json.object();
		usage.put("type", "duration");
		usage.put("seconds", Math.ceil(seconds));
		return usage;
	}

	// Audio tokens as the API counts them for its transcription models, roughly: ten per second.
	private static ObjectNode tokenUsage(String text, double seconds) {
		int audioTokens = Math.max(1, (int) Math.round(seconds * 10));
		int outputTokens = Math.max(1, MockContent.countTokens(text));
		ObjectNode usage = Json.object();
		usage.put("type", "tokens");
		usage.put("input_tokens", audioTokens);
		ObjectNode details = usage.putObject("input_token_details");
		details.put("text_tokens", 0);
		details.put("audio_tokens", audioTokens);
		usage.put("output_tokens", outputTokens);
		usage.put("total_tokens", audioTokens + outputTokens);
		return usage;
	}

	/** The duration of an uploaded file: see the class description. */
	private static double seconds(RecordedPart file) {
		try (InputStream in = file.openStream()) {
			Double seconds = Wav.seconds(in);
			if (seconds != null) {
				return seconds;
			}
		}
		catch (IOException ex) {
			// Estimated from the size below.
		}
		return Math.max(0.1, file.size() / (double) ESTIMATED_BYTES_PER_SECOND);
	}

	/** {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (WebVTT). */
	private static String timestamp(double seconds, char separator) {
		long millis = Math.round(seconds * 1000);
		return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, (millis / 60_000) % 60,
				(millis / 1000) % 60, separator, millis % 1000);
	}

	private static Reply text(String text) {
		return new Reply.Body(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable String field(RecordedRequest request, String name) {
		RecordedPart part = request.part(name);
		return (part != null && !part.isFile() && part.size() <= 1024) ? part.text().strip() : null;
	}

}
