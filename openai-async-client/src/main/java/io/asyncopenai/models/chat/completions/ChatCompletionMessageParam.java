package io.asyncopenai.models.chat.completions;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import org.jspecify.annotations.Nullable;

import io.asyncopenai.core.OpenAIJson;

/**
 * One message of a conversation sent to {@code POST /chat/completions}.
 *
 * @param role {@code developer}, {@code system}, {@code user}, {@code assistant} or
 * {@code tool}
 * @param content a string, or a list of content parts (for example
 * {@code {"type": "text", "text": "..."}}); {@code null} for an assistant message with tool
 * calls only
 * @param name an optional name of the participant
 * @param toolCalls the tool calls of an assistant message
 * @param toolCallId the call a tool message answers
 * @param extraFields fields this type does not model
 */
public record ChatCompletionMessageParam(String role, @Nullable Object content, @Nullable String name,
		@Nullable List<ChatCompletionMessageToolCall> toolCalls, @Nullable String toolCallId,
		@JsonAnyGetter Map<String, Object> extraFields) {

	public ChatCompletionMessageParam {
		Objects.requireNonNull(role, "role");
		extraFields = OpenAIJson.fields(extraFields);
	}

	public static ChatCompletionMessageParam developer(String content) {
		return of("developer", content);
	}

	public static ChatCompletionMessageParam system(String content) {
		return of("system", content);
	}

	public static ChatCompletionMessageParam user(String content) {
		return of("user", content);
	}

	/** A user message of content parts, for example text and images. */
	public static ChatCompletionMessageParam user(List<?> contentParts) {
		return new ChatCompletionMessageParam("user", List.copyOf(contentParts), null, null, null, Map.of());
	}

	public static ChatCompletionMessageParam assistant(String content) {
		return of("assistant", content);
	}

	/** An assistant message that made tool calls, to send back with their results. */
	public static ChatCompletionMessageParam assistant(List<ChatCompletionMessageToolCall> toolCalls) {
		return new ChatCompletionMessageParam("assistant", null, null, List.copyOf(toolCalls), null, Map.of());
	}

	/** The result of a tool call. */
	public static ChatCompletionMessageParam tool(String toolCallId, String content) {
		return new ChatCompletionMessageParam("tool", content, null, null, toolCallId, Map.of());
	}

	private static ChatCompletionMessageParam of(String role, String content) {
		return new ChatCompletionMessageParam(role, Objects.requireNonNull(content, "content"), null, null, null,
				Map.of());
	}

}
