package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FilesEndpointTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@Test
	void anUploadedFileCanBeRetrievedListedDownloadedAndDeleted() {
		MockOpenAIServer server = mock.server();
		byte[] content = "{\"custom_id\": \"a\"}\n".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> created = Forms.post(server, "/v1/files",
				Forms.form().field("purpose", "user_data").file("file", "notes.jsonl", content).build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		JsonNode file = Http.json(created);
		String id = file.get("id").asString();
		assertThat(id).startsWith("file-");
		assertThat(file.get("object").asString()).isEqualTo("file");
		assertThat(file.get("bytes").asLong()).isEqualTo(content.length);
		assertThat(file.get("filename").asString()).isEqualTo("notes.jsonl");
		assertThat(file.get("purpose").asString()).isEqualTo("user_data");
		assertThat(file.get("status").asString()).isEqualTo("processed");
		assertThat(file.get("created_at").asLong()).isPositive();
		assertThat(file.has("expires_at")).isFalse();
		assertThat(Http.json(Http.get(server, "/v1/files/" + id))).isEqualTo(file);
		assertThat(Http.json(Http.get(server, "/v1/files")).get("data")).containsExactly(file);
		HttpResponse<byte[]> download = Http.sendForBytes(Http.request(server, "/v1/files/" + id + "/content").build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");
		assertThat(download.headers().firstValue("content-length")).hasValue(Integer.toString(content.length));
		assertThat(download.body()).isEqualTo(content);
		assertThat(server.fileSize(id)).isEqualTo(content.length);
		assertThat(server.fileSha256(id)).isEqualTo(sha256(content));
		JsonNode deleted = Http.json(Http.delete(server, "/v1/files/" + id));
		assertThat(deleted.toString()).isEqualTo("{\"id\":\"" + id + "\",\"object\":\"file\",\"deleted\":true}");
		assertNotFound(Http.get(server, "/v1/files/" + id), id);
		assertNotFound(Http.delete(server, "/v1/files/" + id), id);
		assertNotFound(Http.get(server, "/v1/files/" + id + "/content"), id);
	}

	@Test
	void listsFilterByPurposeAndPageInEitherOrder() {
		MockOpenAIServer server = mock.server();
		String a = server.addFile("a.jsonl", "batch", new byte[] { 1 });
		String b = server.addFile("b.txt", "user_data", new byte[] { 2 });
		String c = server.addFile("c.jsonl", "batch", new byte[] { 3 });
		assertThat(ids(Http.get(server, "/v1/files"))).containsExactly(c, b, a);
		assertThat(ids(Http.get(server, "/v1/files?order=asc"))).containsExactly(a, b, c);
		assertThat(ids(Http.get(server, "/v1/files?purpose=batch"))).containsExactly(c, a);
		JsonNode page = Http.json(Http.get(server, "/v1/files?order=asc&limit=2"));
		assertThat(page.get("first_id").asString()).isEqualTo(a);
		assertThat(page.get("last_id").asString()).isEqualTo(b);
		assertThat(page.get("has_more").asBoolean()).isTrue();
		JsonNode next = Http.json(Http.get(server, "/v1/files?order=asc&limit=2&after=" + b));
		assertThat(next.get("data")).extracting((file) -> file.get("id").asString()).containsExactly(c);
		assertThat(next.get("has_more").asBoolean()).isFalse();
		assertThat(Http.get(server, "/v1/files?limit=0").statusCode()).isEqualTo(400);
		assertThat(Http.get(server, "/v1/files?order=up").statusCode()).isEqualTo(400);
		server.reset();
		JsonNode empty = Http.json(Http.get(server, "/v1/files"));
		assertThat(empty.get("data")).isEmpty();
		assertThat(empty.get("has_more").asBoolean()).isFalse();
	}

	@Test
	void uploadsWithoutFileOrPurposeOrWithAnUnknownPurposeAreRejected() {
		MockOpenAIServer server = mock.server();
		byte[] content = { 'x' };
		assertBadRequest(Forms.post(server, "/v1/files", Forms.form().field("purpose", "batch").build()), "file");
		assertBadRequest(Forms.post(server, "/v1/files", Forms.form().file("file", "a", content).build()), "purpose");
		assertBadRequest(Forms.post(server, "/v1/files",
				Forms.form().field("purpose", "nonsense").file("file", "a", content).build()), "purpose");
		assertBadRequest(Forms.post(server, "/v1/files", Forms.form()
			.field("purpose", "batch")
			.field("expires_after[anchor]", "created_at")
			.field("expires_after[seconds]", "10")
			.file("file", "a", content)
			.build()), "expires_after[seconds]");
		assertThat(Http.json(Http.get(server, "/v1/files")).get("data")).isEmpty();
	}

	@Test
	void expiryComesFromExpiresAfterOrThirtyDaysForBatchFiles() {
		MockOpenAIServer server = mock.server();
		JsonNode expiring = Http.json(Forms.post(server, "/v1/files", Forms.form()
			.field("purpose", "user_data")
			.field("expires_after[anchor]", "created_at")
			.field("expires_after[seconds]", "3600")
			.file("file", "a.txt", new byte[] { 'a' })
			.build()));
		assertThat(expiring.get("expires_at").asLong() - expiring.get("created_at").asLong()).isEqualTo(3600);
		JsonNode batch = Http.json(Forms.post(server, "/v1/files",
				Forms.form().field("purpose", "batch").file("file", "b.jsonl", new byte[] { 'b' }).build()));
		assertThat(batch.get("expires_at").asLong() - batch.get("created_at").asLong()).isEqualTo(30L * 24 * 3600);
	}

	@Test
	void aLargeUploadIsStoredOnDiskAndDownloadsIdentically() throws IOException {
		MockOpenAIServer server = mock.server();
		long size = 64L * 1024 * 1024 + 3;
		HttpResponse<String> created = Forms.postGenerated(server, "/v1/files", Forms.form().field("purpose", "batch"),
				"file", "big.jsonl", size, 5);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		String id = Http.json(created).get("id").asString();
		assertThat(server.fileSha256(id)).isEqualTo(Forms.sha256(size, 5));
		assertThat(download(server, id)).isEqualTo(new Download(size, Forms.sha256(size, 5)));
	}

	@Test
	void aGeneratedFileOfSeveralGigabytesDownloadsInFull() {
		MockOpenAIServer server = mock.server();
		long size = 5L * 512 * 1024 * 1024 + 13;
		String id = server.addGeneratedFile("huge.bin", "user_data", size);
		assertThat(Http.json(Http.get(server, "/v1/files/" + id)).get("bytes").asLong()).isEqualTo(size);
		assertThat(server.fileSize(id)).isEqualTo(size);
		assertThat(download(server, id, true)).isEqualTo(new Download(size, server.fileSha256(id)));
	}

	@Test
	void generatedContentIsAFunctionOfTheOffsetOnly() {
		MockOpenAIServer server = mock.server();
		String small = server.addGeneratedFile("small.bin", "user_data", 1000);
		String large = server.addGeneratedFile("large.bin", "user_data", 5000);
		byte[] first = Http.sendForBytes(Http.request(server, "/v1/files/" + small + "/content").build()).body();
		byte[] second = Http.sendForBytes(Http.request(server, "/v1/files/" + large + "/content").build()).body();
		assertThat(first).hasSize(1000).isEqualTo(java.util.Arrays.copyOf(second, 1000));
		assertThat(second).isNotEqualTo(new byte[5000]);
		assertThat(server.fileSha256(small)).isEqualTo(sha256(first));
	}

	@Test
	void aFaultCutsADownloadHalfWay() throws IOException, InterruptedException {
		MockOpenAIServer server = mock.server();
		String id = server.addGeneratedFile("cut.bin", "user_data", 1_000_000);
		server.enqueue("/v1/files/" + id + "/content", Fault.closeMidStream(0));
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
			socket.getOutputStream()
				.write(("GET /v1/files/" + id + "/content HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
						+ Http.KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] received = socket.getInputStream().readAllBytes();
			String text = new String(received, StandardCharsets.ISO_8859_1);
			int headersEnd = text.indexOf("\r\n\r\n") + 4;
			assertThat(text).startsWith("HTTP/1.1 200").contains("content-length: 1000000");
			assertThat(received.length - headersEnd).isEqualTo(500_000);
		}
		// The client sees the close before the server's listener records it: wait for the record.
		assertThat(server.lastRequest().awaitOutcome(Http.TIMEOUT)).isEqualTo(RecordedRequest.Outcome.CLOSED_BY_SERVER);
	}

	@Test
	void resetForgetsFilesAndTheirContent() {
		MockOpenAIServer server = mock.server();
		String id = server.addFile("a.txt", "user_data", new byte[] { 'a' });
		Forms.post(server, "/v1/files", Forms.form()
			.field("purpose", "user_data")
			.file("file", "b.bin", new byte[RecordedPart.MEMORY_LIMIT + 1])
			.build());
		RecordedPart spooled = server.lastRequest().part("file");
		assertThat(spooled.file()).exists();
		server.reset();
		assertThat(spooled.file()).doesNotExist();
		assertNotFound(Http.get(server, "/v1/files/" + id), id);
	}

	private static void assertNotFound(HttpResponse<String> response, String id) {
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode error = Http.json(response).get("error");
		assertThat(error.get("message").asString()).isEqualTo("No such File object: " + id);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("param").asString()).isEqualTo("id");
	}

	private static void assertBadRequest(HttpResponse<String> response, String param) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Http.json(response).at("/error/param").asString()).isEqualTo(param);
		assertThat(OpenAPISchemas.validate("ErrorResponse", Http.json(response))).isEmpty();
	}

	private static List<String> ids(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).get("data").valueStream().map((file) -> file.get("id").asString()).toList();
	}

	private static Download download(MockOpenAIServer server, String id) {
		return download(server, id, false);
	}

	/** Downloads a file, hashing it as it comes; optionally checks, half-way, that the heap holds little of it. */
	private static Download download(MockOpenAIServer server, String id, boolean checkHeap) {
		long heapBefore = checkHeap ? usedHeapAfterGc() : 0;
		HttpResponse<InputStream> response = Http
			.sendForStream(Http.request(server, "/v1/files/" + id + "/content").build());
		assertThat(response.statusCode()).isEqualTo(200);
		MessageDigest digest = MultipartReader.sha256();
		long size = 0;
		try (InputStream in = response.body()) {
			byte[] buffer = new byte[256 * 1024];
			int read;
			long half = response.headers().firstValueAsLong("content-length").orElse(0) / 2;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
				if (checkHeap && size < half && size + read >= half) {
					assertThat(usedHeapAfterGc() - heapBefore).as("heap growth half-way through the download")
						.isLessThan(64L * 1024 * 1024);
				}
				size += read;
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
		return new Download(size, HexFormat.of().formatHex(digest.digest()));
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String sha256(byte[] content) {
		return HexFormat.of().formatHex(MultipartReader.sha256().digest(content));
	}

	private record Download(long size, String sha256) {

	}

}
