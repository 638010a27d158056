package io.asyncopenai.models.responses;

/**
 * What a structured response's stream gives: each event as it arrives, then, when the response
 * ends, its answer read into the type asked for.
 *
 * @param <T> the type of the answer
 */
public sealed interface ParsedResponseStreamEvent<T> {

	/**
	 * An event of the stream, as it arrived: {@code response.output_text.delta} events carry
	 * the JSON as it is written.
	 * @param event the event
	 * @param <T> the type of the answer
	 */
	record Streamed<T>(ResponseStreamEvent event) implements ParsedResponseStreamEvent<T> {

	}

	/**
	 * The answer, read when the response ended; the last element of the stream.
	 * @param response the parsed response
	 * @param <T> the type of the answer
	 */
	record Parsed<T>(ParsedResponse<T> response) implements ParsedResponseStreamEvent<T> {

	}

}
