package io.asyncopenai.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ToolRunner} runs the loop of model calls and tool calls.
 *
 * @param maxTurns the most model calls of one run: past it, a model that still calls tools
 * ends the run with a {@link ToolRunException} (10 by default)
 * @param maxConcurrency the most tool calls of one turn that run at once (16 by default)
 * @param toolTimeout how long one tool call may run before it counts as failed (60 seconds by
 * default)
 * @param sendFailuresToModel whether a failed tool call (an error, a timeout, arguments that do
 * not fit, an unknown tool) sends its error message to the model as the call's output, so
 * that the model can react (the default), rather than end the run with a
 * {@link ToolRunException}
 */
public record ToolRunOptions(int maxTurns, int maxConcurrency, Duration toolTimeout, boolean sendFailuresToModel) {

	/**
	 * Options, checked.
	 * @param maxTurns the most model calls of one run, at least 1
	 * @param maxConcurrency the most tool calls at once, at least 1
	 * @param toolTimeout how long one tool call may run, positive
	 * @param sendFailuresToModel whether failures go to the model as outputs
	 */
	public ToolRunOptions {
		if (maxTurns < 1) {
			throw new IllegalArgumentException("maxTurns must be at least 1, not " + maxTurns);
		}
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("maxConcurrency must be at least 1, not " + maxConcurrency);
		}
		Objects.requireNonNull(toolTimeout, "toolTimeout");
		if (toolTimeout.isNegative() || toolTimeout.isZero()) {
			throw new IllegalArgumentException("toolTimeout must be positive, not " + toolTimeout);
		}
	}

	/**
	 * The defaults: 10 turns, 16 tool calls at once, 60 seconds a call, failures sent to the
	 * model.
	 * @return the default options
	 */
	public static ToolRunOptions defaults() {
		return new ToolRunOptions(10, 16, Duration.ofSeconds(60), true);
	}

	/**
	 * These options with another turn limit.
	 * @param maxTurns the most model calls of one run
	 * @return the options
	 */
	public ToolRunOptions withMaxTurns(int maxTurns) {
		return new ToolRunOptions(maxTurns, this.maxConcurrency, this.toolTimeout, this.sendFailuresToModel);
	}

	/**
	 * These options with another concurrency limit.
	 * @param maxConcurrency the most tool calls at once
	 * @return the options
	 */
	public ToolRunOptions withMaxConcurrency(int maxConcurrency) {
		return new ToolRunOptions(this.maxTurns, maxConcurrency, this.toolTimeout, this.sendFailuresToModel);
	}

	/**
	 * These options with another timeout per tool call.
	 * @param toolTimeout how long one tool call may run
	 * @return the options
	 */
	public ToolRunOptions withToolTimeout(Duration toolTimeout) {
		return new ToolRunOptions(this.maxTurns, this.maxConcurrency, toolTimeout, this.sendFailuresToModel);
	}

	/**
	 * These options with failures sent to the model, or ending the run.
	 * @param sendFailuresToModel whether failures go to the model as outputs
	 * @return the options
	 */
	public ToolRunOptions withSendFailuresToModel(boolean sendFailuresToModel) {
		return new ToolRunOptions(this.maxTurns, this.maxConcurrency, this.toolTimeout, sendFailuresToModel);
	}

}
