package io.asyncopenai.models.chat.completions;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.structured.StructuredOutputs;

/**
 * A chat completion whose answer was asked for as JSON of a Java type, read into it: each
 * choice's value or refusal, with the completion as it came.
 *
 * @param completion the completion
 * @param choices each choice's answer, in the completion's order
 * @param <T> the type of the answer
 */
public record ParsedChatCompletion<T>(ChatCompletion completion, List<Choice<T>> choices) {

	/**
	 * The parsed completion.
	 * @param completion the completion
	 * @param choices each choice's answer
	 */
	public ParsedChatCompletion {
		choices = List.copyOf(choices);
	}

	/**
	 * The first choice's answer, which is the only one unless {@code n} asked for more.
	 * @return the answer, or {@code null} if the model refused
	 */
	public @Nullable T parsed() {
		return this.choices.isEmpty() ? null : this.choices.get(0).parsed();
	}

	/**
	 * Why the model refused in the first choice.
	 * @return the refusal, or {@code null} if it answered
	 */
	public @Nullable String refusal() {
		return this.choices.isEmpty() ? null : this.choices.get(0).refusal();
	}

	/**
	 * Reads the answers of a completion.
	 * @param completion the completion
	 * @param type the type asked for
	 * @param mapper the client's mapper
	 * @param <T> the type
	 * @return the parsed completion
	 * @throws io.asyncopenai.errors.StructuredOutputException if a choice stopped before the end
	 * of its answer ({@code length}, {@code content_filter}) or its text is not JSON of the type
	 */
	public static <T> ParsedChatCompletion<T> of(ChatCompletion completion, Class<T> type, JsonMapper mapper) {
		List<Choice<T>> choices = new ArrayList<>(completion.choices().size());
		for (ChatCompletion.Choice choice : completion.choices()) {
			int index = (choice.index() != null) ? choice.index().intValue() : choices.size();
			ChatCompletionMessage message = choice.message();
			choices.add(Choice.of(index, message.content(), message.refusal(), choice.finishReason(), type, mapper));
		}
		return new ParsedChatCompletion<>(completion, choices);
	}

	/**
	 * One choice's answer.
	 * @param index the choice's index
	 * @param parsed the answer, or {@code null} if the model refused
	 * @param refusal why the model refused, or {@code null} if it answered
	 * @param finishReason why the model stopped
	 * @param <T> the type of the answer
	 */
	public record Choice<T>(int index, @Nullable T parsed, @Nullable String refusal, @Nullable String finishReason) {

		/**
		 * Reads one choice's answer.
		 * @param index the choice's index
		 * @param content the model's text, if any
		 * @param refusal the model's refusal, if any
		 * @param finishReason why the model stopped
		 * @param type the type asked for
		 * @param mapper the client's mapper
		 * @param <T> the type
		 * @return the answer or the refusal
		 * @throws io.asyncopenai.errors.StructuredOutputException if the choice stopped before the
		 * end of its answer ({@code length}, {@code content_filter}) or its text is not JSON of
		 * the type
		 */
		public static <T> Choice<T> of(int index, @Nullable String content, @Nullable String refusal,
				@Nullable String finishReason, Class<T> type, JsonMapper mapper) {
			String text = (content != null) ? content : "";
			if (refusal != null && text.isEmpty()) {
				return new Choice<>(index, null, refusal, finishReason);
			}
			if ("length".equals(finishReason) || "content_filter".equals(finishReason)) {
				throw StructuredOutputs.cutOff(type, finishReason, text);
			}
			return new Choice<>(index, StructuredOutputs.read(mapper, text, type), null, finishReason);
		}

		/**
		 * Whether the model refused to answer in this choice.
		 * @return whether it refused
		 */
		public boolean isRefusal() {
			return this.refusal != null;
		}

	}

}
