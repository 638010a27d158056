package io.asyncopenai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.util.DeserializationUtils;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.models.realtime.RealtimeClientEvent;
import io.asyncopenai.models.realtime.RealtimeServerEvent;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.models.responses.ResponsesServerEvent;
import io.asyncopenai.services.realtime.RealtimeConnection;
import io.asyncopenai.services.responses.ResponsesConnection;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example the API description gives of a Realtime client or server event, and of a
 * Responses WebSocket server event, crosses a real connection: the server's arrive as their own
 * records, equal to what was sent; the client's arrive at the server as they were written.
 */
class WebSocketEventExamplesTests {

	private static final Path DESCRIPTION = Path.of("src/main/openapi/openapi.yaml");

	private static final Duration WAIT = TestClient.TIMEOUT;

	private static final JsonMapper MAPPER = OpenAIJson.mapper();

	private static final JsonMapper LENIENT = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
		.build();

	/** Examples of the description that are not what they show, and why. */
	private static final Map<String, String> BROKEN = Map.of(
			"RealtimeServerEventInputAudioBufferDtmfEventReceived", "its type has a leading space",
			"ResponseFunctionCallArgumentsDeltaEvent", "a comma is missing",
			"ResponseQueuedEvent", "its response's created_at is a date string, where the schema says a number");

	private static JsonNode schemas;

	private static MockOpenAIServer server;

	@BeforeAll
	static void readTheDescription() throws Exception {
		// swagger-parser's reader takes the description's YAML as it is written (Jackson 3's is stricter)
		DeserializationUtils.getOptions().setMaxYamlCodePoints(64 * 1024 * 1024);
		com.fasterxml.jackson.databind.JsonNode description = DeserializationUtils
			.deserializeIntoTree(Files.readString(DESCRIPTION), DESCRIPTION.toString());
		schemas = MAPPER.readTree(description.path("components").path("schemas").toString());
		server = MockOpenAIServer.start();
	}

	@BeforeEach
	void forgetEarlierConnections() {
		server.reset();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void everyRealtimeServerEventExampleArrivesAsItsOwnRecord() throws Exception {
		Map<String, JsonNode> examples = examples("RealtimeServerEvent", RealtimeServerEvent.class);
		assertThat(examples).hasSize(45);
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			assertEachArrivesAsItsRecord(examples,
					connection.events().skipWhile(RealtimeServerEventSessionCreated.class::isInstance));
		}
	}

	@Test
	void everyRealtimeClientEventExampleReachesTheServerAsWritten() throws Exception {
		Map<String, JsonNode> examples = examples("RealtimeClientEvent", RealtimeClientEvent.class);
		assertThat(examples).hasSize(12);
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			for (Map.Entry<String, JsonNode> example : examples.entrySet()) {
				RealtimeClientEvent event = MAPPER.treeToValue(example.getValue(), RealtimeClientEvent.class);
				assertThat(event.getClass().getSimpleName()).as(example.getKey())
					.isEqualTo(example.getKey().replaceAll("#.*", ""));
				connection.send(event).block(WAIT);
			}
			List<String> received = socket.awaitReceived(examples.size(), WAIT);
			List<JsonNode> expected = new ArrayList<>(examples.values());
			for (int i = 0; i < expected.size(); i++) {
				assertThat(withoutNulls(MAPPER.readTree(received.get(i)))).isEqualTo(expected.get(i));
			}
		}
	}

	@Test
	void everyResponsesWebSocketEventExampleArrivesAsItsOwnRecord() throws Exception {
		Map<String, JsonNode> examples = examples("ResponsesServerEvent", ResponsesServerEvent.class);
		assertThat(examples).hasSize(51);
		try (TestClient client = TestClient.of(server)) {
			ResponsesConnection connection = client.openai().responses().connect().block(WAIT);
			assertEachArrivesAsItsRecord(examples, connection.events());
		}
	}

	/**
	 * Sends each example from the server of the one connection open, and checks that each
	 * arrives as the record its name says, written back as it was sent.
	 */
	private static void assertEachArrivesAsItsRecord(Map<String, JsonNode> examples, Flux<?> events)
			throws Exception {
		MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
		List<Object> received = new ArrayList<>();
		var all = events.take(examples.size()).doOnNext(received::add).then().toFuture();
		examples.values().forEach((example) -> socket.send(example.toString()));
		all.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		List<String> variants = new ArrayList<>(examples.keySet());
		for (int i = 0; i < variants.size(); i++) {
			Object event = received.get(i);
			assertThat(event.getClass().getSimpleName()).as(variants.get(i))
				.isEqualTo(variants.get(i).replaceAll("#.*", ""));
			assertThat(withoutNulls(MAPPER.valueToTree(event))).as(variants.get(i))
				.isEqualTo(examples.get(variants.get(i)));
		}
	}

	/**
	 * The examples of a union's variants, by the simple name of the record each becomes: every
	 * JSON value of each example (one example holds two, with comments between them), read as
	 * leniently as a person reads them (trailing commas). {@link #BROKEN} are left out, after
	 * checking that they are still broken, so that a corrected description brings them in.
	 */
	private static Map<String, JsonNode> examples(String union, Class<?> unionType) throws Exception {
		Map<String, JsonNode> examples = new java.util.LinkedHashMap<>();
		JsonNode variants = schemas.path(union).has("anyOf") ? schemas.path(union).get("anyOf")
				: schemas.path(union).get("oneOf");
		for (JsonNode variant : variants) {
			String ref = variant.has("$ref") ? variant.get("$ref").asString() : refOfAllOf(variant);
			String name = ref.substring(ref.lastIndexOf('/') + 1);
			JsonNode example = schemas.path(name).path("x-oaiMeta").path("example");
			if (!example.isString()) {
				continue;
			}
			if (BROKEN.containsKey(name)) {
				assertThat(stillBroken(name, example.asString(), unionType))
					.as("%s is no longer broken (%s): take it off BROKEN", name, BROKEN.get(name))
					.isTrue();
				continue;
			}
			int index = 0;
			try (var values = LENIENT.readerFor(JsonNode.class).<JsonNode>readValues(example.asString())) {
				while (values.hasNext()) {
					examples.put(name + ((index++ == 0) ? "" : "#" + index), withoutNulls(values.next()));
				}
			}
		}
		return examples;
	}

	private static boolean stillBroken(String name, String example, Class<?> unionType) {
		try {
			return !MAPPER.treeToValue(LENIENT.readTree(example), unionType).getClass().getSimpleName().equals(name);
		}
		catch (tools.jackson.core.JacksonException ex) {
			return true;
		}
	}

	private static String refOfAllOf(JsonNode variant) {
		for (JsonNode part : variant.path("allOf")) {
			if (part.has("$ref")) {
				return part.get("$ref").asString();
			}
		}
		throw new IllegalStateException("A variant with no $ref: " + variant);
	}

	/** The JSON without its nulls and with every number a double, so that 60 and 60.0 compare equal. */
	private static JsonNode withoutNulls(JsonNode node) {
		if (node.isNumber()) {
			return MAPPER.getNodeFactory().numberNode(node.doubleValue());
		}
		if (node instanceof ObjectNode object) {
			ObjectNode copy = MAPPER.createObjectNode();
			object.properties().forEach((member) -> {
				if (!member.getValue().isNull()) {
					copy.set(member.getKey(), withoutNulls(member.getValue()));
				}
			});
			return copy;
		}
		if (node.isArray()) {
			var copy = MAPPER.createArrayNode();
			node.forEach((item) -> copy.add(withoutNulls(item)));
			return copy;
		}
		return node;
	}

}
