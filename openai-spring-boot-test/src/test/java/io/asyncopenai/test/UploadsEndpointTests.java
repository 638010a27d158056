package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class UploadsEndpointTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@Test
	void completedUploadIsAFileOfItsPartsInTheListedOrder() throws Exception {
		MockOpenAIServer server = mock.server();
		byte[] first = bytes(100_000, 'a');
		byte[] second = bytes(70_000, 'b');
		byte[] third = "tail".getBytes(StandardCharsets.UTF_8);
		JsonNode upload = create(server, first.length + second.length + third.length);
		assertThat(upload.get("status").asString()).isEqualTo("pending");
		assertThat(upload.get("object").asString()).isEqualTo("upload");
		assertThat(upload.get("expires_at").asLong()).isGreaterThan(upload.get("created_at").asLong());
		String id = upload.get("id").asString();
		assertThat(id).startsWith("upload_");
		String partThird = addPart(server, id, third);
		String partFirst = addPart(server, id, first);
		String partSecond = addPart(server, id, second);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.writeBytes(first);
		expected.writeBytes(second);
		expected.writeBytes(third);
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(expected.toByteArray()));
		HttpResponse<String> completed = Http.post(server, "/v1/uploads/" + id + "/complete",
				"{\"part_ids\": [\"" + partFirst + "\", \"" + partSecond + "\", \"" + partThird + "\"], \"md5\": \""
						+ md5 + "\"}");
		assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
		JsonNode done = Http.json(completed);
		assertThat(done.get("status").asString()).isEqualTo("completed");
		JsonNode file = done.get("file");
		assertThat(file.get("filename").asString()).isEqualTo("training.jsonl");
		assertThat(file.get("purpose").asString()).isEqualTo("fine-tune");
		assertThat(file.get("bytes").asLong()).isEqualTo(expected.size());
		String fileId = file.get("id").asString();
		assertThat(Http.json(Http.get(server, "/v1/files/" + fileId))).isEqualTo(file);
		assertThat(Http.sendForBytes(Http.request(server, "/v1/files/" + fileId + "/content").build()).body())
			.isEqualTo(expected.toByteArray());
		assertThat(server.fileSha256(fileId))
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray())));
		assertThat(Http.post(server, "/v1/uploads/" + id + "/cancel", "").statusCode()).isEqualTo(400);
	}

	@Test
	void largePartsAreAssembledOnDisk() throws Exception {
		MockOpenAIServer server = mock.server();
		long size = 40L * 1024 * 1024 + 1;
		String id = create(server, 2 * size).get("id").asString();
		String first = partOf(Forms.postGenerated(server, "/v1/uploads/" + id + "/parts", Forms.form(), "data", "blob",
				size, 1));
		String second = partOf(Forms.postGenerated(server, "/v1/uploads/" + id + "/parts", Forms.form(), "data",
				"blob", size, 2));
		JsonNode done = Http.json(Http.post(server, "/v1/uploads/" + id + "/complete",
				"{\"part_ids\": [\"" + second + "\", \"" + first + "\"]}"));
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
		MessageDigest expected = MessageDigest.getInstance("SHA-256");
		for (long seed : new long[] { 2, 1 }) {
			try (java.io.InputStream in = new Forms.Generated(size, seed)) {
				expected.update(in.readAllBytes());
			}
		}
		String fileId = done.at("/file/id").asString();
		assertThat(server.fileSize(fileId)).isEqualTo(2 * size);
		assertThat(server.fileSha256(fileId)).isEqualTo(HexFormat.of().formatHex(expected.digest()));
	}

	@Test
	void aPartOverTheApiLimitIsRefused() {
		MockOpenAIServer server = mock.server();
		String id = create(server, 1).get("id").asString();
		HttpResponse<String> response = Forms.postGenerated(server, "/v1/uploads/" + id + "/parts", Forms.form(),
				"data", "blob", 64L * 1024 * 1024 + 1, 3);
		assertRejected(response, 400, "data");
	}

	private static String partOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).get("id").asString();
	}

	@Test
	void completionIsRejectedForAWrongSizeChecksumOrPart() {
		MockOpenAIServer server = mock.server();
		String id = create(server, 5).get("id").asString();
		String part = addPart(server, id, new byte[] { 1, 2, 3 });
		assertRejected(Http.post(server, "/v1/uploads/" + id + "/complete", "{\"part_ids\": [\"" + part + "\"]}"),
				400, "part_ids");
		String rest = addPart(server, id, new byte[] { 4, 5 });
		String parts = "{\"part_ids\": [\"" + part + "\", \"" + rest + "\"]";
		assertRejected(Http.post(server, "/v1/uploads/" + id + "/complete", parts + ", \"md5\": \"00\"}"), 400, "md5");
		assertRejected(Http.post(server, "/v1/uploads/" + id + "/complete", "{\"part_ids\": [\"part_x\"]}"), 400,
				"part_ids");
		assertRejected(Http.post(server, "/v1/uploads/" + id + "/complete", "{}"), 400, "part_ids");
		assertThat(Http.post(server, "/v1/uploads/" + id + "/complete", parts + "}").statusCode()).isEqualTo(200);
		assertRejected(Http.post(server, "/v1/uploads/upload_missing/complete", parts + "}"), 404, "id");
	}

	@Test
	void aCancelledUploadTakesNoMoreParts() {
		MockOpenAIServer server = mock.server();
		String id = create(server, 1).get("id").asString();
		JsonNode cancelled = Http.json(Http.post(server, "/v1/uploads/" + id + "/cancel", ""));
		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(Forms.post(server, "/v1/uploads/" + id + "/parts", Forms.form().file("data", "blob", new byte[1])
			.build()).statusCode()).isEqualTo(400);
	}

	@Test
	void creationNeedsEveryRequiredParameter() {
		MockOpenAIServer server = mock.server();
		assertRejected(Http.post(server, "/v1/uploads", "{\"filename\": \"a\", \"purpose\": \"batch\", \"bytes\": 1}"),
				400, "mime_type");
		assertRejected(Http.post(server, "/v1/uploads",
				"{\"filename\": \"a\", \"purpose\": \"other\", \"bytes\": 1, \"mime_type\": \"text/plain\"}"), 400,
				"purpose");
		assertRejected(Http.post(server, "/v1/uploads",
				"{\"filename\": \"a\", \"purpose\": \"batch\", \"bytes\": -1, \"mime_type\": \"text/plain\"}"), 400,
				"bytes");
	}

	static JsonNode create(MockOpenAIServer server, long bytes) {
		HttpResponse<String> response = Http.post(server, "/v1/uploads", "{\"filename\": \"training.jsonl\", "
				+ "\"purpose\": \"fine-tune\", \"bytes\": " + bytes + ", \"mime_type\": \"text/jsonl\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	static String addPart(MockOpenAIServer server, String uploadId, byte[] data) {
		HttpResponse<String> response = Forms.post(server, "/v1/uploads/" + uploadId + "/parts",
				Forms.form().file("data", "blob", data).build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode part = Http.json(response);
		assertThat(part.get("object").asString()).isEqualTo("upload.part");
		assertThat(part.get("upload_id").asString()).isEqualTo(uploadId);
		return part.get("id").asString();
	}

	private static void assertRejected(HttpResponse<String> response, int status, String param) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(Http.json(response).at("/error/param").asString()).isEqualTo(param);
	}

	private static byte[] bytes(int size, char fill) {
		byte[] bytes = new byte[size];
		java.util.Arrays.fill(bytes, (byte) fill);
		bytes[size / 2] = '\r';
		return bytes;
	}

}
