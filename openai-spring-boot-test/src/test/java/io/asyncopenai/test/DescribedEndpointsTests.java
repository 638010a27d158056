package io.asyncopenai.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.test.DescribedOperation.Source;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class DescribedEndpointsTests {

	private static final String BOUNDARY = "mock-form-boundary";

	@Test
	void operationWithAValidExampleAnswersWithIt(MockOpenAIServer server) {
		HttpResponse<String> response = Http.get(server, "/v1/assistants/asst_anything");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(response.headers().firstValue("x-request-id"))
			.hasValueSatisfying((id) -> assertThat(id).startsWith("req_"));
		JsonNode example = Http.json(OpenAPISchemas.DESCRIPTION
			.at("/paths/~1assistants~1{assistant_id}/get/x-oaiMeta/examples/response")
			.asString());
		assertThat(Http.json(response)).isEqualTo(example);
		assertThat(operation("GET", "/assistants/asst_anything").source()).isEqualTo(Source.EXAMPLE);
	}

	@Test
	void operationWhoseExampleIsInvalidAnswersWithAValueOfItsSchema(MockOpenAIServer server) {
		// The description's eval example is not JSON (batches had such an example too, but are stateful now).
		HttpResponse<String> response = Http.get(server, "/v1/evals/eval_1");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode eval = Http.json(response);
		assertThat(eval.get("object").asString()).isEqualTo("eval");
		assertThat(eval.has("id")).isTrue();
		assertThat(OpenAPISchemas.validate("Eval", eval)).isEmpty();
		assertThat(operation("GET", "/evals/eval_1").source()).isEqualTo(Source.SCHEMA);
	}

	@Test
	void answersAreTheSameForEveryRequest(MockOpenAIServer server) {
		assertThat(Http.get(server, "/v1/containers/cntr_1").body())
			.isEqualTo(Http.get(server, "/v1/containers/cntr_2").body());
	}

	@Test
	void operationDeclaringOnlyACreatedAnswersWithItsStatus(MockOpenAIServer server) {
		HttpResponse<String> response = Http.post(server, "/v1/realtime/calls", "v=0\r\n");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/sdp");
		assertThat(response.body()).startsWith("v=0\no=- ");
	}

	@Test
	void literalSegmentWinsOverAParameter() {
		assertThat(operation("GET", "/videos/characters/char_1").operationId()).isEqualTo("GetVideoCharacter");
		assertThat(operation("GET", "/videos/video_1/content").operationId()).isEqualTo("RetrieveVideoContent");
		assertThat(operation("GET", "/videos/characters").operationId()).isEqualTo("GetVideo");
	}

	@Test
	void betaQueryChoosesTheBetaVariant(MockOpenAIServer server) {
		OpenAPIDescription description = OpenAPIDescription.get();
		assertThat(description.find("GET", "/responses/resp_1/input_items", true).operationId())
			.isEqualTo("beta_listInputItems");
		assertThat(description.find("GET", "/responses/resp_1/input_items", false).operationId())
			.isEqualTo("listInputItems");
		assertThat(Http.get(server, "/v1/responses/resp_1/input_items?after=x&beta=true").statusCode()).isEqualTo(200);
	}

	@Test
	void zipContentOpensAsAnArchive(MockOpenAIServer server) throws IOException {
		HttpResponse<byte[]> response = Http
			.sendForBytes(Http.request(server, "/v1/skills/skill_1/content").GET().build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/zip");
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
			ZipEntry entry = zip.getNextEntry();
			assertThat(entry).isNotNull();
			assertThat(new String(zip.readAllBytes(), StandardCharsets.UTF_8)).isNotEmpty();
		}
	}

	@Test
	void videoContentIsAnMp4File(MockOpenAIServer server) {
		HttpResponse<byte[]> response = Http
			.sendForBytes(Http.request(server, "/v1/videos/video_1/content").GET().build());
		assertThat(response.headers().firstValue("content-type")).hasValue("video/mp4");
		assertThat(new String(response.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
	}

	@Test
	void multipartFormAsksForAStreamWithItsStreamField(MockOpenAIServer server) {
		HttpResponse<String> json = Http.send(form(server, "/v1/audio/transcriptions", "false"));
		assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
		HttpResponse<String> stream = Http.send(form(server, "/v1/audio/transcriptions", "true"));
		assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(Sse.parse(stream.body())).isNotEmpty();
	}

	@Test
	void operationWithoutContentAnswersAnEmptySuccess(MockOpenAIServer server) {
		HttpResponse<String> response = Http.post(server, "/v1/realtime/calls/rtc_1/hangup", "");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).isEmpty();
		assertThat(response.headers().firstValue("content-length")).hasValue("0");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void requestsAreJournaledLikeEveryOther(MockOpenAIServer server) throws InterruptedException {
		Http.post(server, "/v1/containers", "{\"name\": \"docs\"}");
		RecordedRequest request = server.lastRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/containers");
		assertThat(request.body()).isEqualTo("{\"name\": \"docs\"}");
		assertThat(request.awaitOutcome(Http.TIMEOUT)).isEqualTo(RecordedRequest.Outcome.COMPLETED);
	}

	@Test
	void faultsApplyAsToTheRealisticEndpoints(MockOpenAIServer server) {
		server.enqueue("/v1/files", Fault.error(503));
		server.enqueue(Fault.malformedJson());
		assertThat(Http.get(server, "/v1/files").statusCode()).isEqualTo(503);
		HttpResponse<String> malformed = Http.get(server, "/v1/files");
		assertThat(malformed.statusCode()).isEqualTo(200);
		assertThat(malformed.body()).isEqualTo(Http.get(server, "/v1/files").body().substring(0,
				malformed.body().length()));
		assertThat(server.requests()).hasSize(3);
	}

	@Test
	void requestsWithoutAKeyGetTheApiError(MockOpenAIServer server) {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v1/files")))
			.timeout(Http.TIMEOUT)
			.GET()
			.build());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(Http.json(response).at("/error/message").asString()).startsWith("You didn't provide an API key");
	}

	@Test
	void requestsNoOperationMatchesStillGetInvalidUrl(MockOpenAIServer server) {
		assertInvalidUrl(Http.get(server, "/v1/no/such/operation"), "GET /v1/no/such/operation");
		assertInvalidUrl(Http.send(Http.request(server, "/v1/batches").PUT(HttpRequest.BodyPublishers.noBody()).build()),
				"PUT /v1/batches");
		assertInvalidUrl(Http.get(server, "/batches"), "GET /batches");
		assertInvalidUrl(Http.get(server, "/v1/batches//x"), "GET /v1/batches//x");
	}

	@Test
	void trailingSlashIsIgnored(MockOpenAIServer server) {
		assertThat(Http.get(server, "/v1/batches/").body()).isEqualTo(Http.get(server, "/v1/batches").body());
	}

	@Test
	void everyOperationOfTheDescriptionHasAnAnswer() {
		List<DescribedOperation> operations = OpenAPIDescription.get().operations();
		assertThat(operations).hasSize(288);
		assertThat(operations).allSatisfy((operation) -> assertThat(operation.answer()).isNotNull());
		assertThat(operations).filteredOn((operation) -> operation.stream() != null)
			.extracting(DescribedOperation::operationId)
			.containsExactlyInAnyOrder("createSpeech", "createTranscription", "createChatCompletion", "createImageEdit",
					"createImage", "createResponse", "beta_createResponse");
	}

	private static void assertInvalidUrl(HttpResponse<String> response, String request) {
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.json(response).at("/error/message").asString()).isEqualTo("Invalid URL (" + request + ")");
	}

	private static DescribedOperation operation(String method, String path) {
		DescribedOperation operation = OpenAPIDescription.get().find(method, path, false);
		assertThat(operation).as("%s %s", method, path).isNotNull();
		return operation;
	}

	private static HttpRequest json(MockOpenAIServer server, String path, String body) {
		return Http.request(server, path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static HttpRequest form(MockOpenAIServer server, String path, String stream) {
		String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
				+ "Content-Type: audio/mpeg\r\n\r\nabc\r\n--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-transcribe\r\n--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\n" + stream + "\r\n--" + BOUNDARY + "--\r\n";
		return Http.request(server, path)
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

}
