package io.asyncopenai.models.chat.completions;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a structured chat completion's stream gives: each chunk as it arrives, then, when the
 * stream ends, each choice's answer read into the type asked for.
 *
 * @param <T> the type of the answer
 */
public sealed interface ParsedChatCompletionStreamEvent<T> {

	/**
	 * A chunk of the stream, as it arrived: its content deltas are the JSON as it is written.
	 * @param chunk the chunk
	 * @param <T> the type of the answer
	 */
	record Streamed<T>(ChatCompletionChunk chunk) implements ParsedChatCompletionStreamEvent<T> {

	}

	/**
	 * Each choice's answer, read when the stream ended; the last element of the stream.
	 * @param choices each choice's answer or refusal, by index
	 * @param <T> the type of the answer
	 */
	record Parsed<T>(List<ParsedChatCompletion.Choice<T>> choices) implements ParsedChatCompletionStreamEvent<T> {

		/**
		 * The answers.
		 * @param choices each choice's answer or refusal
		 */
		public Parsed {
			choices = List.copyOf(choices);
		}

		/**
		 * The first choice's answer.
		 * @return the answer, or {@code null} if the model refused
		 */
		public @Nullable T parsed() {
			return this.choices.isEmpty() ? null : this.choices.get(0).parsed();
		}

	}

}
