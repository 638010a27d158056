package io.asyncopenai;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.BinaryResponse;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.models.audio.speech.CreateSpeechResponseStreamEvent;
import io.asyncopenai.models.audio.speech.SpeechAudioDeltaEvent;
import io.asyncopenai.models.audio.speech.SpeechCreateParams;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest.Outcome;

import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class BinaryResponsesTests {

	private static final String MEBIBYTE = "0123456789abcdef".repeat(64 * 1024);

	@Test
	void fileContentIsAskedForAsBytesAndCarriesItsHeaders(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/octet-stream")
			.header("x-request-id", "req_download")
			.body("hello, file"));
		try (TestClient client = TestClient.of(server)) {
			BinaryResponse response = client.openai().files().content("file-abc").block(TestClient.TIMEOUT);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.requestId()).isEqualTo("req_download");
			assertThat(response.contentLength()).hasValue(11);
			assertThat(response.text().block(TestClient.TIMEOUT)).isEqualTo("hello, file");
		}
		assertThat(server.lastRequest().path()).isEqualTo("/v1/files/file-abc/content");
		assertThat(server.lastRequest().header("accept")).isEqualTo("application/octet-stream");
	}

	@Test
	void aBodyLargerThanTheMaxResponseSizeIsWrittenToAFileWhole(MockOpenAIServer server, @TempDir Path directory)
			throws Exception {
		int mebibytes = 24;
		server.enqueue(Fault.status(200).header("content-type", "application/octet-stream").body(MEBIBYTE).repeat(mebibytes));
		Path file = directory.resolve("content.bin");
		try (TestClient client = TestClient.of(server, (transport) -> transport.maxResponseSize(1024 * 1024))) {
			Long written = client.openai()
				.files()
				.content("file-big")
				.flatMap((response) -> response.writeTo(file))
				.block(TestClient.TIMEOUT);
			assertThat(written).isEqualTo(mebibytes * 1024L * 1024L);
		}
		assertThat(Files.size(file)).isEqualTo(mebibytes * 1024L * 1024L);
		MessageDigest expected = MessageDigest.getInstance("SHA-256");
		byte[] chunk = MEBIBYTE.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < mebibytes; i++) {
			expected.update(chunk);
		}
		assertThat(sha256(file)).isEqualTo(HexFormat.of().formatHex(expected.digest()));
	}

	@Test
	void readingABodyWholeStopsAtItsCapWithAClearError(MockOpenAIServer server) throws InterruptedException {
		server.enqueue(Fault.status(200).header("content-type", "application/octet-stream").body(MEBIBYTE).repeat(8));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().files().content("file-big").flatMap((response) -> response.bytes(1024 * 1024)))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APIException.class)
					.hasMessageContaining("larger than 1048576 bytes")
					.hasMessageContaining("writeTo(Path)"))
				.verify(TestClient.TIMEOUT);
			assertThat(server.lastRequest().awaitOutcome(TestClient.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
		}
	}

	@Test
	void jsonLinesAreReadOneByOneAcrossChunkBoundaries(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/octet-stream")
			.chunks("{\"custom_id\":\"a\",\"n\":1}\n{\"custom_id\"", ":\"b\",\"n\":2}\r\n\n", "{\"custom_id\":\"c\",\"n\":3}")
			.chunkDelay(Duration.ofMillis(10)));
		server.enqueue(Fault.status(200)
			.header("content-type", "application/octet-stream")
			.chunks("line one\nline ", "two\r\n", "\nlast"));
		try (TestClient client = TestClient.of(server)) {
			List<JsonNode> lines = client.openai()
				.files()
				.content("file-out")
				.flatMapMany((response) -> response.lines(JsonNode.class))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(lines).extracting((line) -> line.get("custom_id").asString()).containsExactly("a", "b", "c");
			assertThat(client.openai()
				.files()
				.content("file-text")
				.flatMapMany(BinaryResponse::lines)
				.collectList()
				.block(TestClient.TIMEOUT)).containsExactly("line one", "line two", "", "last");
		}
	}

	@Test
	void aDownloadCancelledHalfWayClosesItsConnection(MockOpenAIServer server) throws InterruptedException {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/octet-stream")
			.body(MEBIBYTE)
			.chunkDelay(Duration.ofMillis(20))
			.repeat(200));
		AtomicLong received = new AtomicLong();
		try (TestClient client = TestClient.of(server)) {
			List<Long> sizes = client.openai()
				.files()
				.content("file-big")
				.flatMapMany(BinaryResponse::body)
				.map((buffer) -> {
					long size = buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return received.addAndGet(size);
				})
				.takeUntil((total) -> total >= 3L * MEBIBYTE.length())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(sizes).isNotEmpty();
			assertThat(server.lastRequest().awaitOutcome(TestClient.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
			assertThat(client.transport().leasedConnections()).isZero();
		}
		assertThat(received.get()).isLessThan(200L * MEBIBYTE.length());
	}

	@Test
	void aBodyNobodyReadsIsDroppedAfterTheCallsTimeoutAndFreesItsConnection(MockOpenAIServer server)
			throws InterruptedException {
		server.enqueue(Fault.status(200).header("content-type", "application/octet-stream").body(MEBIBYTE).repeat(4));
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.timeout(Duration.ofMillis(300)))) {
			BinaryResponse forgotten = client.openai().files().content("file-big").block(TestClient.TIMEOUT);
			assertThat(client.transport().leasedConnections()).isEqualTo(1);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT)).isTrue();
			StepVerifier.create(forgotten.bytes())
				.expectErrorSatisfies((error) -> assertThat(error).hasMessageContaining("dropped, unread"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void aFailedDownloadIsTheTypedExceptionOfItsStatus(MockOpenAIServer server) {
		server.enqueue(Fault.error(404, "invalid_request_error", null, "No such File object: file-missing")
			.header("x-request-id", "req_missing"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().files().content("file-missing"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(NotFoundException.class,
						(notFound) -> {
							assertThat(notFound.statusCode()).isEqualTo(404);
							assertThat(notFound.requestId()).isEqualTo("req_missing");
							assertThat(notFound).hasMessageContaining("No such File object");
						}))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void aDownloadIsRetriedUntilItsHeadersArrive(MockOpenAIServer server) {
		server.enqueue(Fault.error(503), Fault.closeBeforeResponse(),
				Fault.status(200).header("content-type", "application/octet-stream").body("third time"));
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.maxRetries(2).timeout(Duration.ofSeconds(5)))) {
			assertThat(client.openai().files().content("file-abc").flatMap(BinaryResponse::text).block(TestClient.TIMEOUT))
				.isEqualTo("third time");
		}
		assertThat(server.requests()).extracting((request) -> request.header("x-stainless-retry-count"))
			.containsExactly("0", "1", "2");
	}

	@Test
	void theBodyOfABinaryResponseIsReadOnce(MockOpenAIServer server) {
		server.enqueue(Fault.status(200).header("content-type", "application/octet-stream").body("once"));
		try (TestClient client = TestClient.of(server)) {
			BinaryResponse response = client.openai().files().content("file-abc").block(TestClient.TIMEOUT);
			assertThat(response.text().block(TestClient.TIMEOUT)).isEqualTo("once");
			StepVerifier.create(response.text())
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("read once"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void speechIsAskedForAsAudioAndItsEventsWithTheSseFormat(MockOpenAIServer server) {
		server.enqueue(Fault.status(200).header("content-type", "audio/mpeg").body("ID3-audio-bytes"));
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAAA\"}\n\n"
					+ "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":3,\"output_tokens\":5,\"total_tokens\":8}}\n\n"));
		SpeechCreateParams params = SpeechCreateParams.builder().model("gpt-4o-mini-tts").input("Hello").voice("alloy").build();
		try (TestClient client = TestClient.of(server)) {
			BinaryResponse audio = client.openai().audio().speech().create(params).block(TestClient.TIMEOUT);
			assertThat(audio.contentType()).hasToString("audio/mpeg");
			assertThat(audio.bytes().block(TestClient.TIMEOUT)).asString().isEqualTo("ID3-audio-bytes");
			List<CreateSpeechResponseStreamEvent> events = client.openai()
				.audio()
				.speech()
				.createStreaming(params)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).hasSize(2).first().isInstanceOf(SpeechAudioDeltaEvent.class);
		}
		List<JsonNode> bodies = server.requests().stream().map((request) -> Json.read(request.body())).toList();
		assertThat(server.requests().get(0).header("accept")).isEqualTo("application/octet-stream");
		assertThat(bodies.get(0).has("stream_format")).isFalse();
		assertThat(bodies.get(1).get("stream_format").asString()).isEqualTo("sse");
		assertThat(bodies.get(1).has("stream")).isFalse();
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (var in = Files.newInputStream(file)) {
			byte[] buffer = new byte[64 * 1024];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
