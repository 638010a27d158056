package io.asyncopenai.http;

import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event as the stream delivered it.
 *
 * @param event the {@code event:} field, or {@code null} if the event had none
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last {@code id:} field seen, or {@code null}
 */
public record SseEvent(@Nullable String event, String data, @Nullable String id) {

}
