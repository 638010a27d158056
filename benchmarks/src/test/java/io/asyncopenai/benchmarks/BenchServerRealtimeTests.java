package io.asyncopenai.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.models.realtime.RealtimeServerEvent;
import io.asyncopenai.models.realtime.RealtimeServerEventResponseTextDelta;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.services.realtime.RealtimeConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark server's Realtime WebSocket route, as the client reads it: typed events on the
 * second's beat, pings answered, the connection gone once closed.
 */
class BenchServerRealtimeTests {

	private static BenchServer server;

	@BeforeAll
	static void startServer() {
		server = BenchServer.start(0);
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@Test
	void sessionCreatedThenOneDeltaASecond() {
		OpenAIHttpClient transport = OpenAIHttpClient.builder().trustEnv(false).build();
		try (AsyncOpenAI client = AsyncOpenAI.builder()
			.environment(Map.of())
			.apiKey("sk-bench")
			.baseUrl(server.baseUrl())
			.httpClient(transport)
			.build()) {
			RealtimeConnection connection = client.realtime().connect("gpt-realtime").block(Duration.ofSeconds(10));
			assertThat(connection).isNotNull();
			// Deltas come at 1 s and 2 s after the open, the third at 3 s: 2.5 s sees two.
			List<RealtimeServerEvent> events = connection.events()
				.take(Duration.ofMillis(2500))
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(events).hasSize(3);
			assertThat(events.get(0)).isInstanceOfSatisfying(RealtimeServerEventSessionCreated.class, (created) -> {
				assertThat(created.eventId()).isEqualTo("event_1");
				assertThat(created.session()).isNotNull();
			});
			assertThat(events.subList(1, 3)).allSatisfy((event) -> assertThat(event)
				.isInstanceOfSatisfying(RealtimeServerEventResponseTextDelta.class, (delta) -> {
					assertThat(delta.delta()).isEqualTo(BenchServer.REALTIME_DELTA);
					assertThat(delta.responseId()).isEqualTo("resp_1");
					assertThat(delta.outputIndex()).isZero();
				}));
			assertThat(events.subList(1, 3)).extracting((event) -> ((RealtimeServerEventResponseTextDelta) event).eventId())
				.containsExactly("event_2", "event_3");
			// take(…) cancelled the events, which closes the connection normally.
			connection.close().block(Duration.ofSeconds(10));
			assertThat(connection.closeStatus()).startsWith("1000");
			assertThat(transport.webSockets().openConnections()).isZero();
			// The server's timer for the session ends with it.
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (server.openRealtimeSessions() > 0 && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(server.openRealtimeSessions()).isZero();
		}
		finally {
			transport.close();
		}
	}

	@Test
	void sessionCreatedNamesTheModelAsked() {
		String created = HttpClient.create()
			.websocket()
			.uri(server.baseUrl().replace("http:", "ws:") + "/realtime?model=gpt-realtime-mini")
			.handle((in, out) -> in.receive().asString().take(1))
			.blockFirst(Duration.ofSeconds(10));
		assertThat(created).startsWith("{\"type\":\"session.created\",").contains("\"model\":\"gpt-realtime-mini\"");
	}

	@Test
	void pingIsAnsweredWithItsPayload() {
		String pong = HttpClient.create()
			.websocket()
			.uri(server.baseUrl().replace("http:", "ws:") + "/realtime?model=gpt-realtime")
			.handle((in, out) -> out
				.sendObject(Mono.just(new PingWebSocketFrame(Unpooled.copiedBuffer("bench", StandardCharsets.US_ASCII))))
				.then()
				.thenMany(in.receiveFrames()
					.ofType(PongWebSocketFrame.class)
					.map((frame) -> frame.content().toString(StandardCharsets.US_ASCII))
					.take(1)))
			.blockFirst(Duration.ofSeconds(10));
		assertThat(pong).isEqualTo("bench");
	}

}
