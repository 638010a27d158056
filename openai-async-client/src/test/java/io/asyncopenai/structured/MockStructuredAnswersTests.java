package io.asyncopenai.structured;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.chat.completions.ParsedChatCompletion;
import io.asyncopenai.models.responses.ParsedResponse;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock's answers to the strict schemas of {@link JsonSchemasTests}' types, asked for as
 * any user would, read back into those types: the schemas describe what the client's mapper
 * reads, and the mock answers what the schemas allow.
 */
class MockStructuredAnswersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static MockOpenAIServer server;

	private static OpenAIHttpClient transport;

	private static AsyncOpenAI client;

	@BeforeAll
	static void start() {
		server = MockOpenAIServer.start();
		transport = OpenAIHttpClient.builder().trustEnv(false).build();
		client = AsyncOpenAI.builder()
			.environment(Map.of())
			.apiKey("sk-test")
			.baseUrl(server.baseUrl())
			.httpClient(transport)
			.build();
	}

	@AfterAll
	static void stop() {
		client.close();
		transport.close();
		server.close();
	}

	static Stream<Class<?>> types() {
		return Stream.of(JsonSchemasTests.Reading.class, JsonSchemasTests.Boxed.class, JsonSchemasTests.Forecast.class,
				JsonSchemasTests.City.class, JsonSchemasTests.Trip.class, JsonSchemasTests.Matrix.class,
				JsonSchemasTests.Person.class, JsonSchemasTests.Route.class, JsonSchemasTests.Tree.class,
				JsonSchemasTests.Search.class, JsonSchemasTests.Contact.class, JsonSchemasTests.Place.class,
				JsonSchemasTests.Leg.class, JsonSchemasTests.Event.class, JsonSchemasTests.Account.class,
				JsonSchemasTests.Drawing.class, JsonSchemasTests.Book.class, JsonSchemasTests.Secretive.class,
				JsonSchemasTests.Money.class, JsonSchemasTests.Tags.class, JsonSchemasTests.Points.class);
	}

	@ParameterizedTest
	@MethodSource("types")
	void theMocksAnswerToATypesSchemaReadsBackIntoTheType(Class<?> type) {
		ParsedResponse<?> response = client.responses()
			.parse(ResponseCreateParams.builder().model("gpt-4o").input("Answer as asked").build(), type)
			.block(TIMEOUT);
		assertThat(response.isRefusal()).isFalse();
		assertThat(response.parsed()).isInstanceOf(type);
		ParsedChatCompletion<?> completion = client.chat()
			.completions()
			.parse(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Answer as asked").build(), type)
			.block(TIMEOUT);
		assertThat(completion.parsed()).isInstanceOf(type);
	}

}
