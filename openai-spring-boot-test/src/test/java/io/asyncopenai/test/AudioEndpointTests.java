package io.asyncopenai.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AudioEndpointTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	private static final String SPEECH = "{\"model\": \"gpt-4o-mini-tts\", \"voice\": \"alloy\", \"input\": ";

	@Test
	void speechAsWavIsA24KilohertzMonoFileThatGrowsWithTheInput() throws Exception {
		HttpResponse<byte[]> short_ = speech(SPEECH + "\"Hi\", \"response_format\": \"wav\"}");
		assertThat(short_.statusCode()).isEqualTo(200);
		assertThat(short_.headers().firstValue("content-type")).hasValue("audio/wav");
		assertThat(short_.headers().firstValue("content-length")).hasValue(Integer.toString(short_.body().length));
		try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(short_.body()))) {
			AudioFormat format = audio.getFormat();
			assertThat(format.getSampleRate()).isEqualTo(24_000f);
			assertThat(format.getChannels()).isEqualTo(1);
			assertThat(format.getSampleSizeInBits()).isEqualTo(16);
			assertThat(format.isBigEndian()).isFalse();
			assertThat(audio.getFrameLength()).isEqualTo(2 * 60 * 24);
			byte[] samples = audio.readAllBytes();
			assertThat(samples).hasSize(2 * 60 * 24 * 2);
			assertThat(peak(samples)).isBetween(1, Short.MAX_VALUE / 10);
		}
		byte[] longer = speech(SPEECH + "\"Hello there, how are you?\", \"response_format\": \"wav\"}").body();
		assertThat(longer.length - 44).isEqualTo(25 * 60 * 24 * 2);
		byte[] faster = speech(SPEECH + "\"Hello there, how are you?\", \"response_format\": \"wav\", \"speed\": 2}")
			.body();
		assertThat(faster.length - 44).isEqualTo(25 * 30 * 24 * 2);
	}

	@Test
	void pcmIsTheSamplesOfTheWav() {
		byte[] wav = speech(SPEECH + "\"Hello\", \"response_format\": \"wav\"}").body();
		HttpResponse<byte[]> pcm = speech(SPEECH + "\"Hello\", \"response_format\": \"pcm\"}");
		assertThat(pcm.headers().firstValue("content-type")).hasValue("audio/pcm");
		assertThat(pcm.body()).isEqualTo(Arrays.copyOfRange(wav, 44, wav.length));
	}

	@ParameterizedTest
	@CsvSource({ "mp3, audio/mpeg", "opus, audio/opus", "aac, audio/aac", "flac, audio/flac" })
	void compressedFormatsHaveTheirContentTypeAndSignature(String format, String contentType) {
		HttpResponse<byte[]> response = speech(SPEECH + "\"Hello there\", \"response_format\": \"" + format + "\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue(contentType);
		assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(response.body().length));
		byte[] body = response.body();
		switch (format) {
			case "mp3" -> {
				// MPEG-2 Layer III frames at 24 kHz, 96 bytes each: 660 ms are 28 frames of 24 ms.
				assertThat(body).hasSize(28 * 96);
				assertThat(body).startsWith((byte) 0xff, (byte) 0xf3, (byte) 0x44, (byte) 0xc0);
				assertThat(body[96]).isEqualTo((byte) 0xff);
			}
			case "opus" -> {
				assertThat(new String(body, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("OggS");
				assertThat(new String(body, 28, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
				assertOggPagesHaveTheirChecksums(body);
			}
			case "aac" -> {
				assertThat(body).startsWith((byte) 0xff, (byte) 0xf1);
				int frameLength = ((body[3] & 0x03) << 11) | ((body[4] & 0xff) << 3) | ((body[5] & 0xff) >> 5);
				assertThat(body.length % frameLength).isZero();
			}
			default -> {
				assertThat(new String(body, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("fLaC");
				ByteBuffer info = ByteBuffer.wrap(body, 8, 34);
				long packed = info.getLong(8 + 10);
				assertThat(packed >>> 44).isEqualTo(24_000);
				assertThat(packed & 0xFFFFFFFFFL).isEqualTo(11 * 60 * 24);
				assertThat(body[42] & 0xff).isEqualTo(0xff);
				assertThat(body[43] & 0xff).isEqualTo(0xf8);
			}
		}
	}

	@Test
	void speechStreamsBase64AudioThenUsage() {
		HttpResponse<String> response = Http.post(mock.server(), "/v1/audio/speech",
				SPEECH + "\"Hello there\", \"response_format\": \"pcm\", \"stream_format\": \"sse\"}");
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<Sse.Event> events = Sse.parse(response.body());
		ByteArrayOutputStream audio = new ByteArrayOutputStream();
		for (Sse.Event event : events.subList(0, events.size() - 1)) {
			JsonNode delta = Http.json(event.data());
			assertThat(delta.get("type").asString()).isEqualTo("speech.audio.delta");
			audio.writeBytes(Base64.getDecoder().decode(delta.get("audio").asString()));
		}
		assertThat(audio.toByteArray()).isEqualTo(speech(SPEECH + "\"Hello there\", \"response_format\": \"pcm\"}")
			.body());
		JsonNode done = Http.json(events.get(events.size() - 1).data());
		assertThat(done.get("type").asString()).isEqualTo("speech.audio.done");
		assertThat(done.at("/usage/input_tokens").asInt()).isEqualTo(2);
		assertThat(done.at("/usage/total_tokens").asInt())
			.isEqualTo(done.at("/usage/input_tokens").asInt() + done.at("/usage/output_tokens").asInt());
	}

	@Test
	void speechChecksItsParametersAsTheApiDoes() {
		MockOpenAIServer server = mock.server();
		assertBadRequest(Http.post(server, "/v1/audio/speech", "{\"voice\": \"alloy\", \"input\": \"Hi\"}"), "model");
		assertBadRequest(Http.post(server, "/v1/audio/speech", "{\"model\": \"tts-1\", \"input\": \"Hi\"}"), "voice");
		assertBadRequest(Http.post(server, "/v1/audio/speech", "{\"model\": \"tts-1\", \"voice\": \"alloy\"}"),
				"input");
		assertBadRequest(Http.post(server, "/v1/audio/speech", SPEECH + "\"" + "a".repeat(4097) + "\"}"), "input");
		assertBadRequest(Http.post(server, "/v1/audio/speech", SPEECH + "\"Hi\", \"response_format\": \"ogg\"}"),
				"response_format");
		assertBadRequest(Http.post(server, "/v1/audio/speech", SPEECH + "\"Hi\", \"speed\": 5}"), "speed");
		assertBadRequest(Http.post(server, "/v1/audio/speech",
				"{\"model\": \"tts-1\", \"voice\": \"alloy\", \"input\": \"Hi\", \"stream_format\": \"sse\"}"),
				"stream_format");
		assertThat(speech(SPEECH + "\"" + "a".repeat(4096) + "\"}").statusCode()).isEqualTo(200);
		assertThat(speech("{\"model\": \"gpt-4o-mini-tts\", \"voice\": {\"id\": \"voice_1\"}, \"input\": \"Hi\"}")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void aTranscriptionNamesTheUploadedFileInJsonByDefault() {
		byte[] wav = speech(SPEECH + "\"" + "a".repeat(50) + "\", \"response_format\": \"wav\"}").body();
		HttpResponse<String> response = Forms.post(mock.server(), "/v1/audio/transcriptions",
				Forms.form().file("file", "meeting.wav", wav).field("model", "gpt-4o-transcribe").build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode transcript = Http.json(response);
		assertThat(transcript.get("text").asString()).isEqualTo("Transcript of meeting.wav (" + wav.length + " bytes)");
		assertThat(transcript.at("/usage/type").asString()).isEqualTo("tokens");
		assertThat(transcript.at("/usage/input_token_details/audio_tokens").asInt()).isEqualTo(30);
		JsonNode whisper = Http.json(Forms.post(mock.server(), "/v1/audio/transcriptions",
				Forms.form().file("file", "meeting.wav", wav).field("model", "whisper-1").build()));
		assertThat(whisper.get("usage").toString()).isEqualTo("{\"type\":\"duration\",\"seconds\":3.0}");
	}

	@Test
	void aTranscriptionComesInEachResponseFormat() {
		byte[] wav = speech(SPEECH + "\"" + "a".repeat(50) + "\", \"response_format\": \"wav\"}").body();
		String text = "Transcript of call.wav (" + wav.length + " bytes)";
		HttpResponse<String> plain = transcribe("text", wav);
		assertThat(plain.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
		assertThat(plain.body()).isEqualTo(text + "\n");
		assertThat(transcribe("srt", wav).body()).isEqualTo("1\n00:00:00,000 --> 00:00:03,000\n" + text + "\n\n");
		assertThat(transcribe("vtt", wav).body())
			.isEqualTo("WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n" + text + "\n\n");
		JsonNode verbose = Http.json(transcribe("verbose_json", wav));
		assertThat(verbose.get("language").asString()).isEqualTo("english");
		assertThat(verbose.get("duration").asDouble()).isEqualTo(3.0);
		assertThat(verbose.at("/segments/0/text").asString()).isEqualTo(" " + text);
		assertThat(verbose.at("/segments/0/end").asDouble()).isEqualTo(3.0);
		assertThat(verbose.has("words")).isFalse();
		JsonNode words = Http.json(Forms.post(mock.server(), "/v1/audio/transcriptions", Forms.form()
			.file("file", "call.wav", wav)
			.field("model", "whisper-1")
			.field("response_format", "verbose_json")
			.field("timestamp_granularities[]", "word")
			.field("timestamp_granularities[]", "segment")
			.build()));
		assertThat(words.get("words")).extracting((word) -> word.get("word").asString())
			.containsExactly("Transcript", "of", "call.wav", "(" + wav.length, "bytes)");
		assertThat(words.at("/words/4/end").asDouble()).isEqualTo(3.0);
		assertThat(words.get("segments")).hasSize(1);
	}

	@Test
	void aStreamedTranscriptionSendsDeltasThenTheText() {
		HttpResponse<String> response = Forms.post(mock.server(), "/v1/audio/transcriptions", Forms.form()
			.file("file", "memo.mp3", new byte[32_000])
			.field("model", "gpt-4o-mini-transcribe")
			.field("stream", "true")
			.build());
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<JsonNode> events = Sse.parse(response.body()).stream().map((event) -> Http.json(event.data())).toList();
		StringBuilder text = new StringBuilder();
		events.subList(0, events.size() - 1).forEach((delta) -> {
			assertThat(delta.get("type").asString()).isEqualTo("transcript.text.delta");
			text.append(delta.get("delta").asString());
		});
		JsonNode done = events.get(events.size() - 1);
		assertThat(done.get("type").asString()).isEqualTo("transcript.text.done");
		assertThat(done.get("text").asString()).isEqualTo("Transcript of memo.mp3 (32000 bytes)").isEqualTo(text.toString());
		// A file that is not WAV counts as 128 kbit/s audio: 32000 bytes are 2 seconds.
		assertThat(done.at("/usage/input_tokens").asInt()).isEqualTo(20);
	}

	@Test
	void aLargeUploadIsTranscribedFromItsSizeAlone() {
		long size = 20L * 1024 * 1024;
		HttpResponse<String> response = Forms.postGenerated(mock.server(), "/v1/audio/translations",
				Forms.form().field("model", "whisper-1"), "file", "lecture.mp3", size, 7);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(Http.json(response).get("text").asString()).isEqualTo("Translation of lecture.mp3 (" + size
				+ " bytes)");
	}

	@Test
	void transcriptionsAndTranslationsNeedAFileAndAModel() {
		MockOpenAIServer server = mock.server();
		for (String path : List.of("/v1/audio/transcriptions", "/v1/audio/translations")) {
			assertBadRequest(Forms.post(server, path, Forms.form().field("model", "whisper-1").build()), "file");
			assertBadRequest(Forms.post(server, path, Forms.form().file("file", "a.wav", new byte[4]).build()),
					"model");
			assertBadRequest(Forms.post(server, path, Forms.form()
				.file("file", "a.wav", new byte[4])
				.field("model", "whisper-1")
				.field("response_format", "xml")
				.build()), "response_format");
			assertThat(Http.post(server, path, "{\"model\": \"whisper-1\"}").statusCode()).isEqualTo(400);
		}
	}

	private static HttpResponse<String> transcribe(String format, byte[] wav) {
		return Forms.post(mock.server(), "/v1/audio/transcriptions", Forms.form()
			.file("file", "call.wav", wav)
			.field("model", "whisper-1")
			.field("response_format", format)
			.build());
	}

	private static void assertBadRequest(HttpResponse<String> response, String param) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Http.json(response).at("/error/param").asString()).isEqualTo(param);
	}

	private static void assertOggPagesHaveTheirChecksums(byte[] ogg) {
		int offset = 0;
		int pages = 0;
		while (offset < ogg.length) {
			assertThat(new String(ogg, offset, 4, StandardCharsets.US_ASCII)).isEqualTo("OggS");
			int segments = ogg[offset + 26] & 0xff;
			int length = 27 + segments;
			for (int i = 0; i < segments; i++) {
				length += ogg[offset + 27 + i] & 0xff;
			}
			byte[] page = Arrays.copyOfRange(ogg, offset, offset + length);
			int crc = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getInt(22);
			ByteBuffer.wrap(page).putInt(22, 0);
			assertThat(AudioFormats.oggCrc(page)).isEqualTo(crc);
			offset += length;
			pages++;
		}
		assertThat(pages).isGreaterThanOrEqualTo(3);
	}

	private static int peak(byte[] samples) {
		ByteBuffer buffer = ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN);
		int peak = 0;
		while (buffer.hasRemaining()) {
			peak = Math.max(peak, Math.abs(buffer.getShort()));
		}
		return peak;
	}

	private static HttpResponse<byte[]> speech(String body) {
		return Http.sendForBytes(Http.request(mock.server(), "/v1/audio/speech")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

}
