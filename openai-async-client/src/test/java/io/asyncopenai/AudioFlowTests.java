package io.asyncopenai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.core.BinaryResponse;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.models.audio.speech.CreateSpeechResponseStreamEvent;
import io.asyncopenai.models.audio.speech.SpeechAudioDeltaEvent;
import io.asyncopenai.models.audio.speech.SpeechAudioDoneEvent;
import io.asyncopenai.models.audio.speech.SpeechCreateParams;
import io.asyncopenai.models.audio.transcriptions.TranscriptTextDeltaEvent;
import io.asyncopenai.models.audio.transcriptions.TranscriptTextDoneEvent;
import io.asyncopenai.models.audio.transcriptions.TranscriptionCreateParams;
import io.asyncopenai.models.audio.transcriptions.TranscriptionStreamEvent;
import io.asyncopenai.models.audio.translations.TranslationCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Voice as a user does it: speech downloaded as audio or streamed as events, and an audio file
 * uploaded for a transcript, on a MockOpenAIServer that answers with real WAV files and
 * transcripts naming the upload.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class AudioFlowTests {

	@Test
	void speechIsAWavFileWhoseLengthGrowsWithTheInput(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			byte[] shortWav = speech(client, "Hi");
			byte[] longWav = speech(client, "Hello there, this is a much longer sentence to speak.");
			assertThat(new String(shortWav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
			assertThat(new String(shortWav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
			// The RIFF size is the file's size less its first 8 bytes.
			assertThat(ByteBuffer.wrap(longWav, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(longWav.length - 8);
			assertThat(longWav.length).isGreaterThan(shortWav.length);
		}
		assertThat(server.lastRequest().header("accept")).isEqualTo("application/octet-stream");
	}

	@Test
	void streamedSpeechIsTypedEventsWhoseAudioIsTheWholeFile(MockOpenAIServer server) {
		SpeechCreateParams params = SpeechCreateParams.builder()
			.model("gpt-4o-mini-tts")
			.voice("alloy")
			.input("Streamed speech")
			.responseFormat("pcm")
			.build();
		try (TestClient client = TestClient.of(server)) {
			List<CreateSpeechResponseStreamEvent> events = client.openai()
				.audio()
				.speech()
				.createStreaming(params)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).last().isInstanceOf(SpeechAudioDoneEvent.class);
			byte[] streamed = events.stream()
				.filter(SpeechAudioDeltaEvent.class::isInstance)
				.map((event) -> Base64.getDecoder().decode(((SpeechAudioDeltaEvent) event).audio()))
				.reduce(new byte[0], AudioFlowTests::concat);
			byte[] downloaded = client.openai().audio().speech().create(params).flatMap(BinaryResponse::bytes)
				.block(TestClient.TIMEOUT);
			assertThat(streamed).isNotEmpty().isEqualTo(downloaded);
		}
	}

	@Test
	void anUploadedRecordingIsTranscribedWholeOrAsEvents(MockOpenAIServer server) {
		byte[] recording = new byte[48_000];
		Arrays.fill(recording, (byte) 1);
		TranscriptionCreateParams params = TranscriptionCreateParams.builder()
			.file(UploadFile.of(recording, "meeting.wav"))
			.model("gpt-4o-transcribe")
			.build();
		try (TestClient client = TestClient.of(server)) {
			TranscriptionCreateParams.Response transcript = client.openai()
				.audio()
				.transcriptions()
				.create(params)
				.block(TestClient.TIMEOUT);
			assertThat(transcript).isInstanceOfSatisfying(TranscriptionCreateParams.Response.Transcription.class,
					(text) -> assertThat(text.value().text()).contains("meeting.wav"));
			List<TranscriptionStreamEvent> events = client.openai()
				.audio()
				.transcriptions()
				.createStreaming(params)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).last().isInstanceOfSatisfying(TranscriptTextDoneEvent.class,
					(done) -> assertThat(done.text()).contains("meeting.wav"));
			String deltas = events.stream()
				.filter(TranscriptTextDeltaEvent.class::isInstance)
				.map((event) -> ((TranscriptTextDeltaEvent) event).delta())
				.reduce("", String::concat);
			assertThat(deltas).isEqualTo(((TranscriptTextDoneEvent) events.get(events.size() - 1)).text());
		}
		assertThat(server.lastRequest().part("file").size()).isEqualTo(recording.length);
		assertThat(server.lastRequest().part("stream").text()).isEqualTo("true");
	}

	@Test
	void textSubtitleFormatsAreReadAsTextFromTranscriptionsAndTranslations(MockOpenAIServer server) {
		byte[] recording = new byte[32_000];
		try (TestClient client = TestClient.of(server)) {
			String srt = client.openai()
				.audio()
				.transcriptions()
				.createText(TranscriptionCreateParams.builder()
					.file(UploadFile.of(recording, "talk.wav"))
					.model("whisper-1")
					.responseFormat("srt")
					.build())
				.block(TestClient.TIMEOUT);
			assertThat(srt).startsWith("1\n00:00:00,000 --> ").contains("Transcript of talk.wav");
			assertThat(server.lastRequest().header("accept")).isEqualTo("text/plain");
			String vtt = client.openai()
				.audio()
				.translations()
				.createText(TranslationCreateParams.builder()
					.file(UploadFile.of(recording, "talk.wav"))
					.model("whisper-1")
					.responseFormat("vtt")
					.build())
				.block(TestClient.TIMEOUT);
			assertThat(vtt).startsWith("WEBVTT\n\n").contains("Translation of talk.wav");
			String text = client.openai()
				.audio()
				.transcriptions()
				.createText(TranscriptionCreateParams.builder()
					.file(UploadFile.of(recording, "talk.wav"))
					.model("whisper-1")
					.responseFormat("text")
					.build())
				.block(TestClient.TIMEOUT);
			assertThat(text).isEqualTo("Transcript of talk.wav (32000 bytes)\n");
		}
	}

	@Test
	void createTextRefusesAJsonFormatBeforeSendingAnything(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> client.openai()
					.audio()
					.transcriptions()
					.createText(TranscriptionCreateParams.builder()
						.file(UploadFile.of(new byte[10], "talk.wav"))
						.model("whisper-1")
						.build())
					.block(TestClient.TIMEOUT))
				.withMessageContaining("text, srt or vtt")
				.withMessageContaining("default json");
		}
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void aTextFormatAskedOfTheTypedCreateFailsSayingTheAnswerIsNotJson(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			assertThatExceptionOfType(APIException.class)
				.isThrownBy(() -> client.openai()
					.audio()
					.transcriptions()
					.create(TranscriptionCreateParams.builder()
						.file(UploadFile.of(new byte[10], "talk.wav"))
						.model("whisper-1")
						.responseFormat("text")
						.build())
					.block(TestClient.TIMEOUT))
				.withMessageContaining("the response is text/plain;charset=utf-8, not JSON")
				.satisfies((failure) -> assertThat(failure.body()).startsWith("Transcript of talk.wav"));
		}
	}

	private static byte[] speech(TestClient client, String input) {
		return client.openai()
			.audio()
			.speech()
			.create(SpeechCreateParams.builder().model("gpt-4o-mini-tts").voice("alloy").input(input).responseFormat("wav").build())
			.flatMap(BinaryResponse::bytes)
			.block(TestClient.TIMEOUT);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
