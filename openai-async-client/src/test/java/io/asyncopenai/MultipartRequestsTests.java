package io.asyncopenai;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.asyncopenai.core.BinaryResponse;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.errors.InternalServerException;
import io.asyncopenai.models.FileExpirationAfter;
import io.asyncopenai.models.audio.transcriptions.TranscriptionCreateParams;
import io.asyncopenai.models.files.FileCreateParams;
import io.asyncopenai.models.files.FileObject;
import io.asyncopenai.models.images.ImageEditCompletedEvent;
import io.asyncopenai.models.images.ImageEditParams;
import io.asyncopenai.models.images.ImageEditStreamEvent;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedPart;
import io.asyncopenai.test.RecordedRequest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class MultipartRequestsTests {

	private static final byte[] JSONL = ("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n")
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void aFileUploadIsAFormWhoseFieldsAreItsPartsWithAContentLength(MockOpenAIServer server) {
		FileCreateParams params = FileCreateParams.builder()
			.file(UploadFile.of(JSONL, "batch.jsonl"))
			.purpose(FileCreateParams.Purpose.BATCH)
			.expiresAfter(FileExpirationAfter.builder().seconds(3600).build())
			.build();
		try (TestClient client = TestClient.of(server)) {
			FileObject file = client.openai().files().create(params).block(TestClient.TIMEOUT);
			assertThat(file.filename()).isEqualTo("batch.jsonl");
			assertThat(file.bytes()).isEqualTo(JSONL.length);
			assertThat(file.purpose()).isEqualTo("batch");
			assertThat(client.openai().files().content(file.id()).flatMap(BinaryResponse::bytes).block(TestClient.TIMEOUT))
				.isEqualTo(JSONL);
		}
		RecordedRequest upload = server.requests().get(0);
		assertThat(upload.header("content-type")).startsWith("multipart/form-data; boundary=");
		assertThat(upload.header("transfer-encoding")).isNull();
		assertThat(upload.header("content-length")).isNotNull();
		assertThat(upload.parts()).extracting(RecordedPart::name)
			.containsExactly("file", "purpose", "expires_after[anchor]", "expires_after[seconds]");
		RecordedPart part = upload.part("file");
		assertThat(part.filename()).isEqualTo("batch.jsonl");
		assertThat(part.contentType()).isEqualTo("application/jsonl");
		assertThat(part.bytes()).isEqualTo(JSONL);
		assertThat(upload.part("purpose").text()).isEqualTo("batch");
		assertThat(upload.part("purpose").contentType()).isNull();
		assertThat(upload.part("expires_after[anchor]").text()).isEqualTo("created_at");
		assertThat(upload.part("expires_after[seconds]").text()).isEqualTo("3600");
	}

	@Test
	void aPathIsStreamedUnderItsOwnNameAndArrivesWhole(MockOpenAIServer server, @TempDir Path directory) throws Exception {
		Path file = directory.resolve("training data.jsonl");
		byte[] content = new byte[3 * 1024 * 1024 + 17];
		new Random(42).nextBytes(content);
		Files.write(file, content);
		try (TestClient client = TestClient.of(server)) {
			FileObject uploaded = client.openai()
				.files()
				.create(FileCreateParams.builder().file(file).purpose("fine-tune").build())
				.block(TestClient.TIMEOUT);
			assertThat(server.fileSha256(uploaded.id())).isEqualTo(sha256(content));
			assertThat(uploaded.filename()).isEqualTo("training data.jsonl");
		}
		RecordedRequest upload = server.lastRequest();
		assertThat(upload.part("file").size()).isEqualTo(content.length);
		assertThat(upload.part("file").sha256()).isEqualTo(sha256(content));
		long parts = upload.parts().stream().mapToLong(RecordedPart::size).sum();
		assertThat(Long.parseLong(upload.header("content-length"))).isGreaterThan(parts);
	}

	@Test
	void bytesArriveWholeInOneBufferAndAboveItsLimitPartByPart(MockOpenAIServer server) throws Exception {
		Random random = new Random(7);
		byte[] small = new byte[64 * 1024 + 3];
		random.nextBytes(small);
		// Above the 8 MiB that MultipartBody sends as one buffer.
		byte[] large = new byte[9 * 1024 * 1024];
		random.nextBytes(large);
		try (TestClient client = TestClient.of(server)) {
			for (byte[] content : List.of(small, large)) {
				FileObject uploaded = client.openai()
					.files()
					.create(FileCreateParams.builder()
						.file(UploadFile.of(content, "lines.jsonl"))
						.purpose("batch")
						.build())
					.block(TestClient.TIMEOUT);
				assertThat(server.fileSha256(uploaded.id())).isEqualTo(sha256(content));
				RecordedRequest upload = server.lastRequest();
				assertThat(upload.part("purpose").text()).isEqualTo("batch");
				assertThat(Long.parseLong(upload.header("content-length"))).isEqualTo(upload.bodySize());
			}
		}
	}

	@Test
	void aResourceIsSentUnderItsFileName(MockOpenAIServer server) throws Exception {
		ClassPathResource resource = new ClassPathResource("io/asyncopenai/uploads/notes.txt");
		try (TestClient client = TestClient.of(server)) {
			client.openai()
				.files()
				.create(FileCreateParams.builder().file(UploadFile.of(resource)).purpose("user_data").build())
				.block(TestClient.TIMEOUT);
		}
		RecordedPart part = server.lastRequest().part("file");
		assertThat(part.filename()).isEqualTo("notes.txt");
		assertThat(part.contentType()).isEqualTo("text/plain");
		assertThat(part.bytes()).isEqualTo(resource.getContentAsByteArray());
	}

	@Test
	void listsAndObjectsAreFlattenedAsTheApiReadsForms(MockOpenAIServer server) {
		TranscriptionCreateParams params = TranscriptionCreateParams.builder()
			.file(UploadFile.of(new byte[] { 'R', 'I', 'F', 'F' }, "hello.wav"))
			.model("gpt-4o-transcribe")
			.timestampGranularities(List.of("word", "segment"))
			.temperature(0.5)
			.build();
		try (TestClient client = TestClient.of(server)) {
			client.openai().audio().transcriptions().create(params).block(TestClient.TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.parts()).extracting(RecordedPart::name)
			.containsExactly("file", "model", "temperature", "timestamp_granularities[]", "timestamp_granularities[]");
		assertThat(request.parts()).filteredOn((part) -> part.name().equals("timestamp_granularities[]"))
			.extracting(RecordedPart::text)
			.containsExactly("word", "segment");
		assertThat(request.part("file").contentType()).isEqualTo("audio/x-wav");
		assertThat(request.part("temperature").text()).isEqualTo("0.5");
	}

	@Test
	void aStreamedEditSendsStreamAsAFieldAndReadsTypedEvents(MockOpenAIServer server) {
		ImageEditParams params = ImageEditParams.builder()
			.image(UploadFile.of(new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "cat.png"))
			.prompt("Add a hat")
			.build();
		try (TestClient client = TestClient.of(server)) {
			List<ImageEditStreamEvent> events = client.openai().images().editStreaming(params).collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).isNotEmpty().last().isInstanceOf(ImageEditCompletedEvent.class);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.parts().get(0).name()).isEqualTo("stream");
		assertThat(request.part("stream").text()).isEqualTo("true");
		assertThat(request.part("image").filename()).isEqualTo("cat.png");
		assertThat(request.part("image").contentType()).isEqualTo("image/png");
	}

	@Test
	void fieldsWithAnEncodingOfTheirOwnAreSentWholeInIt(MockOpenAIServer server) {
		io.asyncopenai.models.realtime.calls.CallCreateParams params = io.asyncopenai.models.realtime.calls.CallCreateParams
			.builder()
			.sdp("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n")
			.session(io.asyncopenai.models.realtime.RealtimeSessionCreateRequestGA.builder().model("gpt-realtime").build())
			.build();
		try (TestClient client = TestClient.of(server)) {
			client.openai().realtime().calls().create(params).flatMap(BinaryResponse::discard).block(TestClient.TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.part("sdp").contentType()).isEqualTo("application/sdp");
		assertThat(request.part("sdp").text()).startsWith("v=0\r\n");
		assertThat(request.part("session").contentType()).isEqualTo("application/json");
		assertThat(Json.read(request.part("session").text()).get("model").asString()).isEqualTo("gpt-realtime");
		assertThat(request.header("accept")).isEqualTo("application/sdp");
	}

	@Test
	void aFluxPartIsSentChunkedAndNotRetriedOnceRead(MockOpenAIServer server) {
		server.enqueue(Fault.error(500));
		Flux<DataBuffer> content = Flux.just("line 1\n", "line 2\n")
			.map((text) -> DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8)));
		FileCreateParams params = FileCreateParams.builder()
			.file(UploadFile.of(content, "lines.txt", null))
			.purpose("user_data")
			.build();
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(2))) {
			StepVerifier.create(client.openai().files().create(params))
				.expectError(InternalServerException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
		RecordedRequest request = server.lastRequest();
		assertThat(request.header("transfer-encoding")).isEqualTo("chunked");
		assertThat(request.header("content-length")).isNull();
		assertThat(request.part("file").text()).isEqualTo("line 1\nline 2\n");
	}

	@Test
	void aReplayablePartIsRetriedWhole(MockOpenAIServer server) {
		server.enqueue(Fault.error(500));
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.maxRetries(2).timeout(Duration.ofSeconds(5)))) {
			client.openai()
				.files()
				.create(FileCreateParams.builder().file(UploadFile.of(JSONL, "batch.jsonl")).purpose("batch").build())
				.block(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(2);
		assertThat(server.requests()).allSatisfy((request) -> assertThat(request.part("file").bytes()).isEqualTo(JSONL));
	}

	@Test
	void anUploadFileHasNoJsonFormAndSaysSo() {
		UploadFile file = UploadFile.of(JSONL, "batch.jsonl");
		assertThat(file).hasToString("UploadFile[filename=batch.jsonl, contentType=application/jsonl, "
				+ JSONL.length + " bytes]");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> io.asyncopenai.core.OpenAIJson.mapper().writeValueAsString(file))
			.hasMessageContaining("sent in a multipart request, never as JSON");
	}

	static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

}
