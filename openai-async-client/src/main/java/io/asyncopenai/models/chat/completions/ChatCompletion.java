package io.asyncopenai.models.chat.completions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * The answer of {@code POST /chat/completions}.
 *
 * @param id the completion id
 * @param object always {@code chat.completion}
 * @param created when it was created, in Unix seconds
 * @param model the model that answered
 * @param choices the answers, one unless {@code n} was more
 * @param usage the tokens counted
 * @param serviceTier the tier that served it
 * @param systemFingerprint the backend configuration
 * @param additionalProperties fields this type does not model
 */
public record ChatCompletion(String id, @Nullable String object, long created, @Nullable String model,
		List<Choice> choices, @Nullable CompletionUsage usage, @Nullable String serviceTier,
		@Nullable String systemFingerprint, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public ChatCompletion {
		choices = (choices != null) ? List.copyOf(choices) : List.of();
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * One answer.
	 *
	 * @param index its position
	 * @param message the message
	 * @param finishReason why generation stopped: {@code stop}, {@code length},
	 * {@code tool_calls}, {@code content_filter}, or a value added later
	 * @param logprobs log probabilities, if asked for, as JSON
	 */
	public record Choice(int index, ChatCompletionMessage message, @Nullable String finishReason,
			@Nullable JsonNode logprobs) {

	}

}
