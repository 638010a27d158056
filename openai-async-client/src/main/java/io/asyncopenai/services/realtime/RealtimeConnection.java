package io.asyncopenai.services.realtime;

import java.util.Base64;

import reactor.core.publisher.Mono;

import io.asyncopenai.core.WebSocketConnection;
import io.asyncopenai.core.WebSocketSession;
import io.asyncopenai.models.realtime.RealtimeClientEvent;
import io.asyncopenai.models.realtime.RealtimeClientEventInputAudioBufferAppend;
import io.asyncopenai.models.realtime.RealtimeClientEventResponseCreate;
import io.asyncopenai.models.realtime.RealtimeServerEvent;

/**
 * An open connection to the Realtime API ({@code client.realtime().connect(…)}): the server's
 * events as {@link RealtimeServerEvent}s (a new kind arrives as
 * {@link io.asyncopenai.models.realtime.UnknownRealtimeServerEvent}), and
 * {@link #send(Object) send} for every {@link RealtimeClientEvent}, built with their builders
 * ({@code RealtimeClientEventSessionUpdate.builder()…}). The server's {@code error} events are
 * events like the others ({@link io.asyncopenai.models.realtime.RealtimeServerEventError}): the
 * connection stays open after them.
 */
public final class RealtimeConnection extends WebSocketConnection<RealtimeServerEvent, RealtimeClientEvent> {

	/**
	 * A connection over an open session.
	 * @param session the session
	 */
	public RealtimeConnection(WebSocketSession<RealtimeServerEvent> session) {
		super(session);
	}

	/**
	 * Appends audio to the input audio buffer ({@code input_audio_buffer.append}), in the
	 * session's input format (PCM16 at 24 kHz unless the session says otherwise).
	 * @param audio the audio bytes, sent base64-encoded
	 * @return completes once it is written to the connection
	 */
	public Mono<Void> appendInputAudio(byte[] audio) {
		return send(RealtimeClientEventInputAudioBufferAppend.builder()
			.audio(Base64.getEncoder().encodeToString(audio))
			.build());
	}

	/**
	 * Asks for a response with the session's settings ({@code response.create}).
	 * @return completes once it is written to the connection
	 */
	public Mono<Void> createResponse() {
		return send(RealtimeClientEventResponseCreate.builder().build());
	}

}
