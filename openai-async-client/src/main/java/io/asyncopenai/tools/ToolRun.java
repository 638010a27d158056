package io.asyncopenai.tools;

import java.util.List;

/**
 * A finished tool run: the model's answer, and every tool call on the way.
 *
 * @param answer the last model call's result: a {@code Response} or a {@code ChatCompletion}
 * @param calls every tool call, by turn, in the model's order within a turn
 * @param turns how many model calls the run made
 * @param <R> the type of the model's result
 */
public record ToolRun<R>(R answer, List<ToolCallOutcome> calls, int turns) {

	/**
	 * A run.
	 * @param answer the last model call's result
	 * @param calls every tool call
	 * @param turns how many model calls the run made
	 */
	public ToolRun {
		calls = List.copyOf(calls);
	}

}
