package io.asyncopenai.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.realtime.RealtimeClientEventConversationItemCreate;
import io.asyncopenai.models.realtime.RealtimeClientEventSessionUpdate;
import io.asyncopenai.models.realtime.RealtimeConversationItemMessageUser;
import io.asyncopenai.models.realtime.RealtimeServerEvent;
import io.asyncopenai.models.realtime.RealtimeServerEventError;
import io.asyncopenai.models.realtime.RealtimeServerEventResponseTextDelta;
import io.asyncopenai.models.realtime.RealtimeServerEventResponseTextDone;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionUpdated;
import io.asyncopenai.models.realtime.RealtimeSessionCreateRequestGA;
import io.asyncopenai.services.realtime.RealtimeConnection;

/**
 * The realtime page's WebSocket ({@code /ws/realtime}): each browser connection gets a Realtime
 * session of its own in text mode. A line from the browser becomes a user message and a
 * {@code response.create}; the answer's deltas, its end and any error go back to the browser as
 * small JSON messages ({@code {"type":"delta","text":…}}). Closing either side closes the other.
 */
class RealtimeRelay implements WebSocketHandler {

	static final String INSTRUCTIONS = "Answer in one or two short sentences.";

	private final AsyncOpenAI openAI;

	private final SampleProperties properties;

	private final JsonMapper json = JsonMapper.builder().build();

	RealtimeRelay(AsyncOpenAI openAI, SampleProperties properties) {
		this.openAI = openAI;
		this.properties = properties;
	}

	@Override
	public Mono<Void> handle(WebSocketSession browser) {
		return this.openAI.realtime().connect(this.properties.realtimeModel()).flatMap((realtime) -> {
			Flux<WebSocketMessage> toBrowser = realtime.events()
				.concatMap((event) -> Mono.justOrEmpty(forBrowser(event)))
				.map(browser::textMessage);
			Mono<Void> fromBrowser = realtime.send(textSession())
				.thenMany(browser.receive().map(WebSocketMessage::getPayloadAsText))
				.filter((line) -> !line.isBlank())
				.concatMap((line) -> realtime.send(userMessage(line)).then(realtime.createResponse()))
				.then(Mono.defer(realtime::close));
			return Mono.when(browser.send(toBrowser), fromBrowser).doFinally((signal) -> close(realtime));
		}).onErrorResume((failure) -> browser.send(Mono.just(browser.textMessage(message("error",
				"Could not reach the Realtime API: " + failure.getMessage())))).then(browser.close()));
	}

	/** What the browser is told of an event, or {@code null} for events it does not show. */
	private @Nullable String forBrowser(RealtimeServerEvent event) {
		if (event instanceof RealtimeServerEventSessionUpdated) {
			return message("ready", this.properties.realtimeModel());
		}
		if (event instanceof RealtimeServerEventResponseTextDelta delta) {
			return message("delta", delta.delta());
		}
		if (event instanceof RealtimeServerEventResponseTextDone done) {
			return message("done", done.text());
		}
		if (event instanceof RealtimeServerEventError error) {
			return message("error", error.error().message());
		}
		return null;
	}

	private String message(String type, String text) {
		return this.json.createObjectNode().put("type", type).put("text", text).toString();
	}

	private static RealtimeClientEventSessionUpdate textSession() {
		return RealtimeClientEventSessionUpdate.builder()
			.session(RealtimeClientEventSessionUpdate.Session.of(RealtimeSessionCreateRequestGA.builder()
				.type("realtime")
				.outputModalities(List.of("text"))
				.instructions(INSTRUCTIONS)
				.build()))
			.build();
	}

	private static RealtimeClientEventConversationItemCreate userMessage(String text) {
		return RealtimeClientEventConversationItemCreate.builder()
			.item(RealtimeConversationItemMessageUser.builder()
				.type("message")
				.role("user")
				.addContent(RealtimeConversationItemMessageUser.Content.builder().type("input_text").text(text).build())
				.build())
			.build();
	}

	private static void close(RealtimeConnection realtime) {
		realtime.close().subscribe(null, (ignored) -> {
		});
	}

}
