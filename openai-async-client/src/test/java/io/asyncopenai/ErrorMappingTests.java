package io.asyncopenai;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.errors.AuthenticationException;
import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.errors.ConflictException;
import io.asyncopenai.errors.InternalServerException;
import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.errors.PermissionDeniedException;
import io.asyncopenai.errors.RateLimitException;
import io.asyncopenai.errors.UnprocessableEntityException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseErrorEvent;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ErrorMappingTests {

	static Stream<Arguments> statuses() {
		return Stream.of(Arguments.of(400, BadRequestException.class), Arguments.of(401, AuthenticationException.class),
				Arguments.of(403, PermissionDeniedException.class), Arguments.of(404, NotFoundException.class),
				Arguments.of(409, ConflictException.class), Arguments.of(422, UnprocessableEntityException.class),
				Arguments.of(429, RateLimitException.class), Arguments.of(500, InternalServerException.class),
				Arguments.of(502, InternalServerException.class), Arguments.of(418, APIStatusException.class));
	}

	@ParameterizedTest
	@MethodSource("statuses")
	void statusMapsToItsExceptionWithTheErrorFields(int status, Class<? extends APIStatusException> type,
			MockOpenAIServer server) {
		server.enqueue(Fault.error(status, "some_type", "some_code", "Something went wrong."));
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o")).expectErrorSatisfies((error) -> {
				assertThat(error).isExactlyInstanceOf(type);
				APIStatusException exception = (APIStatusException) error;
				assertThat(exception.statusCode()).isEqualTo(status);
				assertThat(exception.requestId()).isEqualTo(server.lastRequest().requestId());
				assertThat(exception.type()).isEqualTo("some_type");
				assertThat(exception.code()).isEqualTo("some_code");
				assertThat(exception.param()).isNull();
				assertThat(exception.body()).contains("\"message\":\"Something went wrong.\"");
				assertThat(exception.getMessage()).contains(Integer.toString(status))
					.contains("Something went wrong.")
					.contains(server.lastRequest().requestId())
					.doesNotContain(TestClient.API_KEY);
			}).verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void errorParamIsRead(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai().post("/chat/completions", Map.of("model", "gpt-4o"), Object.class))
				.expectErrorSatisfies((error) -> {
					assertThat(error).isInstanceOf(BadRequestException.class);
					assertThat(((BadRequestException) error).param()).isEqualTo("messages");
					assertThat(((BadRequestException) error).code()).isEqualTo("missing_required_parameter");
				})
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void aDetailErrorBodyOfAnOpenAICompatibleServerGivesTheMessage(MockOpenAIServer server) {
		server.enqueue(
				Fault.status(422).header("content-type", "application/json")
					.body("{\"detail\":[{\"loc\":[\"body\",\"model\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}"),
				Fault.status(404).header("content-type", "application/json").body("{\"detail\":\"Not Found\"}"));
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(UnprocessableEntityException.class)
					.hasMessageStartingWith("Error code: 422 - body.model: Field required"))
				.verify(TestClient.TIMEOUT);
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(NotFoundException.class)
					.hasMessageStartingWith("Error code: 404 - Not Found"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void nonJsonErrorBodyIsKeptRaw(MockOpenAIServer server) {
		server.enqueue(Fault.status(502).header("content-type", "text/html").body("<html>Bad gateway</html>"),
				Fault.status(502).body("<html>Bad gateway</html>"), Fault.status(502).body("<html>Bad gateway</html>"));
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o")).expectErrorSatisfies((error) -> {
				APIStatusException exception = (APIStatusException) error;
				assertThat(exception.body()).isEqualTo("<html>Bad gateway</html>");
				assertThat(exception.type()).isNull();
				assertThat(exception.getMessage()).contains("<html>Bad gateway</html>");
			}).verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void unauthorizedKeyIsAnAuthenticationException(MockOpenAIServer server) {
		server.rejectApiKey(TestClient.API_KEY);
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().models().list()).expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(AuthenticationException.class);
				assertThat(((AuthenticationException) error).code()).isEqualTo("invalid_api_key");
				assertThat(error.getMessage()).doesNotContain(TestClient.API_KEY);
			}).verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void chatStreamErrorPayloadEndsTheStreamWithAnApiException(MockOpenAIServer server) {
		server.enqueue(Fault.streamError(2));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.chat()
					.completions()
					.createStreaming(
							ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("a b c").build()))
				.expectNextCount(2)
				.expectErrorSatisfies((error) -> {
					assertThat(error).isExactlyInstanceOf(APIException.class);
					assertThat(error.getMessage()).contains("The server had an error");
					assertThat(((APIException) error).body()).contains("\"error\"");
				})
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void responsesErrorEventIsDeliveredAsAnEvent(MockOpenAIServer server) {
		server.enqueue(Fault.streamError(2));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.responses()
					.createStreaming(ResponseCreateParams.builder().model("gpt-4o").input("a b").build()))
				.expectNextCount(2)
				.assertNext((event) -> {
					assertThat(event).isInstanceOf(ResponseErrorEvent.class);
					assertThat(((ResponseErrorEvent) event).code()).isEqualTo("server_error");
					assertThat(event.sequenceNumber()).isEqualTo(2);
				})
				.expectComplete()
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void malformedJsonIsAnApiException(MockOpenAIServer server) {
		server.enqueue(Fault.malformedJson());
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> {
					assertThat(error).isExactlyInstanceOf(APIException.class);
					assertThat(error.getMessage()).startsWith("Could not parse the response as Model");
				})
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

}
