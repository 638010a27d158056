package io.asyncopenai.sample;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerInitializer;
import io.asyncopenai.test.MockWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realtime page's WebSocket, {@code /ws/realtime}, on MockOpenAIServer: a line from the
 * browser goes to a Realtime session of its own in text mode, and its answer comes back as
 * deltas, then the whole text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "openai.http.trust-env=false", "sample.realtime-model=gpt-realtime-mini" })
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class RealtimeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private MockOpenAIServer server;

	@Test
	void aLineFromTheBrowserIsAnsweredThroughARealtimeSessionInTextMode() throws Exception {
		this.server.reset();
		List<JsonNode> received = new CopyOnWriteArrayList<>();
		new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://127.0.0.1:" + this.port + "/ws/realtime"), (session) -> session.receive()
				.map(WebSocketMessage::getPayloadAsText)
				.map(JSON::readTree)
				.doOnNext(received::add)
				.concatMap((message) -> message.get("type").asString().equals("ready")
						? session.send(Mono.just(session.textMessage("Hello from the app"))).thenReturn(message)
						: Mono.just(message))
				.takeUntil((message) -> message.get("type").asString().equals("done"))
				.then())
			.block(TIMEOUT);
		assertThat(received.get(0).get("type").asString()).isEqualTo("ready");
		assertThat(received.get(0).get("text").asString()).isEqualTo("gpt-realtime-mini");
		StringBuilder deltas = new StringBuilder();
		received.stream()
			.filter((message) -> message.get("type").asString().equals("delta"))
			.forEach((message) -> deltas.append(message.get("text").asString()));
		assertThat(deltas).hasToString("Echo: Hello from the app");
		assertThat(received.get(received.size() - 1).get("text").asString()).isEqualTo("Echo: Hello from the app");
		MockWebSocket realtime = this.server.awaitWebSockets(1, TIMEOUT).get(0);
		assertThat(realtime.request().query()).isEqualTo("model=gpt-realtime-mini");
		List<String> sent = realtime.received();
		assertThat(JSON.readTree(sent.get(0)).at("/session/output_modalities/0").asString()).isEqualTo("text");
		assertThat(JSON.readTree(sent.get(0)).at("/session/instructions").asString())
			.isEqualTo(RealtimeRelay.INSTRUCTIONS);
		assertThat(JSON.readTree(sent.get(1)).at("/item/content/0/text").asString()).isEqualTo("Hello from the app");
		assertThat(JSON.readTree(sent.get(2)).get("type").asString()).isEqualTo("response.create");
		assertThat(realtime.awaitClosed(TIMEOUT)).as("the Realtime session closes with the browser's").isTrue();
	}

}
