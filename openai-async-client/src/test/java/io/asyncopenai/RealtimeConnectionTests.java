package io.asyncopenai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.errors.AuthenticationException;
import io.asyncopenai.errors.RateLimitException;
import io.asyncopenai.errors.WebSocketClosedException;
import io.asyncopenai.models.realtime.RealtimeClientEventConversationItemCreate;
import io.asyncopenai.models.realtime.RealtimeClientEventInputAudioBufferCommit;
import io.asyncopenai.models.realtime.RealtimeClientEventResponseCancel;
import io.asyncopenai.models.realtime.RealtimeClientEventSessionUpdate;
import io.asyncopenai.models.realtime.RealtimeServerEvent;
import io.asyncopenai.models.realtime.RealtimeServerEventConversationItemDone;
import io.asyncopenai.models.realtime.RealtimeServerEventError;
import io.asyncopenai.models.realtime.RealtimeServerEventInputAudioBufferCommitted;
import io.asyncopenai.models.realtime.RealtimeServerEventResponseDone;
import io.asyncopenai.models.realtime.RealtimeServerEventResponseTextDelta;
import io.asyncopenai.models.realtime.RealtimeServerEventResponseTextDone;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionUpdated;
import io.asyncopenai.services.realtime.RealtimeConnection;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.MockWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Realtime API over WebSocket against {@link MockOpenAIServer}: the handshake, events both
 * ways, and every way a connection ends.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class RealtimeConnectionTests {

	private static final Duration WAIT = TestClient.TIMEOUT;

	@Test
	void theHandshakeCarriesTheModelAndTheHeadersOfEveryRequest(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server, (transport) -> transport.header("X-Transport", "t"),
				(builder) -> builder.organization("org-1").project("proj-1"))) {
			RealtimeConnection connection = client.openai()
				.realtime()
				.connect("gpt-realtime", null, RequestOptions.builder().header("X-Call", "c").build())
				.block(WAIT);
			assertThat(connection.events().blockFirst(WAIT)).isInstanceOf(RealtimeServerEventSessionCreated.class);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			assertThat(socket.protocol()).isEqualTo("realtime");
			assertThat(socket.request().path()).isEqualTo("/v1/realtime");
			assertThat(socket.request().query()).isEqualTo("model=gpt-realtime");
			assertThat(socket.request().header("authorization")).isEqualTo("Bearer " + TestClient.API_KEY);
			assertThat(socket.request().header("openai-organization")).isEqualTo("org-1");
			assertThat(socket.request().header("openai-project")).isEqualTo("proj-1");
			assertThat(socket.request().header("user-agent")).startsWith("AsyncOpenAI/");
			assertThat(socket.request().header("x-transport")).isEqualTo("t");
			assertThat(socket.request().header("x-call")).isEqualTo("c");
			assertThat(socket.request().header("content-type")).isNull();
		}
	}

	@Test
	void aCallIsJoinedByItsId(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai()
				.realtime()
				.connect(null, "rtc_123", RequestOptions.none())
				.block(WAIT);
			assertThat(connection.events().blockFirst(WAIT)).isInstanceOf(RealtimeServerEventSessionCreated.class);
			assertThat(server.awaitWebSockets(1, WAIT).get(0).request().query()).isEqualTo("call_id=rtc_123");
		}
	}

	@Test
	void aTextAnswerStreamsAsDeltasThatMakeTheDoneText(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			List<RealtimeServerEvent> events = new ArrayList<>();
			Flux<RealtimeServerEvent> answer = connection.events()
				.doOnNext(events::add)
				.takeUntil(RealtimeServerEventResponseDone.class::isInstance);
			connection.send(RealtimeClientEventSessionUpdate.builder()
				.session(OpenAIJson.mapper()
					.readValue("{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}",
							RealtimeClientEventSessionUpdate.Session.class))
				.build())
				.then(connection.sendJson("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\","
						+ "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hello there\"}]}}"))
				.then(connection.createResponse())
				.block(WAIT);
			answer.blockLast(WAIT);
			assertThat(events).first().isInstanceOf(RealtimeServerEventSessionCreated.class);
			assertThat(events).anyMatch(RealtimeServerEventSessionUpdated.class::isInstance);
			String deltas = events.stream()
				.filter(RealtimeServerEventResponseTextDelta.class::isInstance)
				.map((event) -> ((RealtimeServerEventResponseTextDelta) event).delta())
				.collect(Collectors.joining());
			RealtimeServerEventResponseTextDone done = events.stream()
				.filter(RealtimeServerEventResponseTextDone.class::isInstance)
				.map(RealtimeServerEventResponseTextDone.class::cast)
				.findFirst()
				.orElseThrow();
			assertThat(deltas).isEqualTo(done.text()).contains("Hello there");
			assertThat(((RealtimeServerEventResponseDone) events.get(events.size() - 1)).response().status())
				.isEqualTo("completed");
		}
	}

	@Test
	void audioIsAppendedBase64EncodedAndAcknowledged(MockOpenAIServer server) {
		byte[] audio = new byte[4800];
		for (int i = 0; i < audio.length; i++) {
			audio[i] = (byte) i;
		}
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			List<RealtimeServerEvent> events = new ArrayList<>();
			Flux<RealtimeServerEvent> acknowledged = connection.events()
				.doOnNext(events::add)
				.takeUntil(RealtimeServerEventConversationItemDone.class::isInstance);
			connection.appendInputAudio(audio)
				.then(connection.send(RealtimeClientEventInputAudioBufferCommit.builder().build()))
				.block(WAIT);
			acknowledged.blockLast(WAIT);
			assertThat(events).anyMatch(RealtimeServerEventInputAudioBufferCommitted.class::isInstance);
			assertThat(OpenAIJson.mapper().writeValueAsString(events.get(events.size() - 1)))
				.contains("4800 bytes of audio");
			JsonNode append = OpenAIJson.mapper().readTree(server.webSockets().get(0).received().get(0));
			assertThat(append.get("type").asString()).isEqualTo("input_audio_buffer.append");
			assertThat(Base64.getDecoder().decode(append.get("audio").asString())).isEqualTo(audio);
		}
	}

	@Test
	void aServerErrorEventIsATypedEventAndTheConnectionStaysOpen(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.then(() -> connection.sendJson("{\"type\":\"no.such.event\",\"event_id\":\"evt_1\"}").block(WAIT))
				.assertNext((event) -> {
					RealtimeServerEventError error = (RealtimeServerEventError) event;
					assertThat(error.error().type()).isEqualTo("invalid_request_error");
					assertThat(error.error().eventId()).isEqualTo("evt_1");
				})
				.then(() -> connection.send(RealtimeClientEventSessionUpdate.builder()
					.session(OpenAIJson.mapper()
						.readValue("{\"type\":\"realtime\",\"instructions\":\"Be brief.\"}",
								RealtimeClientEventSessionUpdate.Session.class))
					.build()).block(WAIT))
				.expectNextMatches(RealtimeServerEventSessionUpdated.class::isInstance)
				.then(() -> assertThat(connection.isOpen()).isTrue())
				.thenCancel()
				.verify(WAIT);
		}
	}

	@Test
	void aRefusedHandshakeFailsWithTheExceptionOfItsStatusAndTheApisMessage(MockOpenAIServer server) {
		server.rejectApiKey(TestClient.API_KEY);
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().realtime().connect("gpt-realtime"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(AuthenticationException.class,
						(refused) -> {
							assertThat(refused.statusCode()).isEqualTo(401);
							assertThat(refused.getMessage()).contains("Incorrect API key");
							assertThat(refused.getMessage()).doesNotContain(TestClient.API_KEY);
						}))
				.verify(WAIT);
		}
	}

	@Test
	void aRateLimitedHandshakeFailsWith429AndTheRequestId(MockOpenAIServer server) {
		server.enqueue("/v1/realtime", Fault.error(429).header("x-request-id", "req_ws"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().realtime().connect("gpt-realtime"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(RateLimitException.class,
						(refused) -> assertThat(refused.requestId()).isEqualTo("req_ws")))
				.verify(WAIT);
		}
	}

	@Test
	void aServerCloseWithACodeFailsTheEventsWithThatCodeAndReason(MockOpenAIServer server) {
		server.enqueue("/v1/realtime", Fault.closeWebSocket(1, 4001, "session expired"));
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(WebSocketClosedException.class, (closed) -> {
						assertThat(closed.closeCode()).isEqualTo(4001);
						assertThat(closed.closeReason()).isEqualTo("session expired");
						assertThat(closed).hasMessageContaining("4001 session expired");
					}))
				.verify(WAIT);
			assertThat(connection.isOpen()).isFalse();
		}
	}

	@Test
	void aNormalCloseFromTheServerCompletesTheEvents(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.then(() -> socket.close(1000, "done"))
				.expectComplete()
				.verify(WAIT);
			assertThat(connection.closeStatus()).isEqualTo("1000 done");
		}
	}

	@Test
	void aConnectionLostWithoutACloseFrameFailsWith1006(MockOpenAIServer server) {
		server.enqueue("/v1/realtime", Fault.closeMidStream(1));
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(WebSocketClosedException.class,
							(closed) -> assertThat(closed.closeCode()).isEqualTo(1006)))
				.verify(WAIT);
		}
	}

	@Test
	void aConnectionThatGoesQuietIsDeadAfterTheIdleTimeout(MockOpenAIServer server) throws Exception {
		server.enqueue("/v1/realtime", Fault.stallMidStream(1));
		try (TestClient client = TestClient.of(server, (transport) -> transport
			.webSocketPingInterval(Duration.ofMillis(100))
			.webSocketIdleTimeout(Duration.ofMillis(600)))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(WebSocketClosedException.class, (closed) -> {
						assertThat(closed.closeCode()).isEqualTo(1011);
						assertThat(closed).hasMessageContaining("dead").hasMessageContaining("PT0.6S");
					}))
				.verify(WAIT);
			assertThat(server.webSockets().get(0).pingsReceived()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void pingsKeepAQuietConnectionAlive(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server, (transport) -> transport
			.webSocketPingInterval(Duration.ofMillis(100))
			.webSocketIdleTimeout(Duration.ofMillis(400)))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.expectNoEvent(Duration.ofMillis(1500))
				.thenCancel()
				.verify(WAIT);
			assertThat(server.webSockets().get(0).pingsReceived()).isGreaterThanOrEqualTo(10);
		}
	}

	@Test
	void noPingIsSentWhenTheIntervalIsZero(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.webSocketPingInterval(Duration.ZERO).webSocketIdleTimeout(Duration.ZERO))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.expectNoEvent(Duration.ofMillis(500))
				.thenCancel()
				.verify(WAIT);
			assertThat(server.webSockets().get(0).pingsReceived()).isZero();
		}
	}

	@Test
	void aConsumerThatFallsBehindTheQueueEndsTheConnectionWith1008(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server, (transport) -> transport.webSocketMaxQueuedEvents(8))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			StepVerifier.create(connection.events(), 1)
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.then(() -> {
					for (int i = 0; i < 20; i++) {
						socket.send("{\"type\":\"input_audio_buffer.cleared\",\"event_id\":\"event_" + i + "\"}");
					}
				})
				.then(() -> assertThat(awaitClosed(socket)).isTrue())
				.thenRequest(100)
				.expectNextCount(8)
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(WebSocketClosedException.class, (closed) -> {
						assertThat(closed.closeCode()).isEqualTo(1008);
						assertThat(closed).hasMessageContaining("fell 8 events behind");
					}))
				.verify(WAIT);
			assertThat(socket.clientCloseCode()).isEqualTo(1008);
		}
	}

	@Test
	void aMessageLargerThanTheFrameLimitEndsTheConnection(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server, (transport) -> transport.webSocketMaxFrameSize(1024))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.then(() -> socket.send("{\"type\":\"input_audio_buffer.cleared\",\"event_id\":\"" + "x".repeat(2000)
						+ "\"}"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(WebSocketClosedException.class))
				.verify(WAIT);
		}
	}

	@Test
	void cancellingTheEventsClosesTheConnectionNormally(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			assertThat(connection.events().take(1).blockLast(WAIT)).isInstanceOf(RealtimeServerEventSessionCreated.class);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			assertThat(socket.awaitClosed(WAIT)).isTrue();
			assertThat(socket.clientCloseCode()).isEqualTo(1000);
			assertThat(Await.until(() -> client.transport().webSockets().openConnections() == 0, WAIT)).isTrue();
		}
	}

	@Test
	void closeCompletesTheEventsAndRefusesFurtherSends(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			StepVerifier.create(connection.events())
				.expectNextMatches(RealtimeServerEventSessionCreated.class::isInstance)
				.then(() -> connection.close(4000, "bye").block(WAIT))
				.expectComplete()
				.verify(WAIT);
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			assertThat(socket.awaitClosed(WAIT)).isTrue();
			assertThat(socket.clientCloseCode()).isEqualTo(4000);
			assertThat(socket.clientCloseReason()).isEqualTo("bye");
			StepVerifier.create(connection.send(RealtimeClientEventResponseCancel.builder().build()))
				.expectError(APIConnectionException.class)
				.verify(WAIT);
		}
	}

	@Test
	void closingTheClientClosesEveryOpenConnectionWith1001(MockOpenAIServer server) throws Exception {
		TestClient client = TestClient.of(server);
		List<RealtimeConnection> connections = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			connections.add(client.openai().realtime().connect("gpt-realtime").block(WAIT));
		}
		List<MockWebSocket> sockets = server.awaitWebSockets(3, WAIT);
		client.close();
		for (MockWebSocket socket : sockets) {
			assertThat(socket.awaitClosed(WAIT)).isTrue();
			assertThat(socket.clientCloseCode()).isEqualTo(1001);
		}
		for (RealtimeConnection connection : connections) {
			StepVerifier.create(connection.events())
				.thenConsumeWhile((event) -> true)
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(WebSocketClosedException.class)
					.hasMessageContaining("client was closed"))
				.verify(WAIT);
		}
	}

	@Test
	void aHandshakeThatIsNotAnsweredTimesOut(MockOpenAIServer server) {
		server.enqueue("/v1/realtime", Fault.delayBeforeHeaders(Duration.ofSeconds(5)));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai()
				.realtime()
				.connect("gpt-realtime", null, RequestOptions.builder().timeout(Duration.ofMillis(300)).build()))
				.expectError(APITimeoutException.class)
				.verify(WAIT);
		}
	}

	@Test
	void aConversationItemSentTypedArrivesAsWritten(MockOpenAIServer server) throws Exception {
		String item = "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
				+ "\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}}";
		try (TestClient client = TestClient.of(server)) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(WAIT);
			connection.send(OpenAIJson.mapper().readValue(item, RealtimeClientEventConversationItemCreate.class))
				.block(WAIT);
			List<String> received = server.awaitWebSockets(1, WAIT).get(0).awaitReceived(1, WAIT);
			assertThat(OpenAIJson.mapper().readTree(received.get(0))).isEqualTo(OpenAIJson.mapper().readTree(item));
		}
	}

	private static boolean awaitClosed(MockWebSocket socket) {
		try {
			return socket.awaitClosed(WAIT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
