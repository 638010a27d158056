package io.asyncopenai.models.chat.completions;

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
	 * Each choice's answer, read when the stream ended, with the completion gathered from the
	 * chunks ({@link ChatCompletionAccumulator}); the last element of the stream.
	 * @param completion the parsed completion
	 * @param <T> the type of the answer
	 */
	record Parsed<T>(ParsedChatCompletion<T> completion) implements ParsedChatCompletionStreamEvent<T> {

	}

}
