package io.asyncopenai.tools;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One tool call of a run, finished: what the model asked and what was sent back.
 *
 * @param turn the model call that asked for it, from 1
 * @param callId the id the model gave the call
 * @param name the tool's name
 * @param arguments the arguments, JSON as the model wrote them
 * @param output what was sent back to the model
 * @param failure why the call failed (its message is the output), or {@code null}
 * @param duration how long the tool ran
 */
public record ToolCallOutcome(int turn, String callId, String name, String arguments, String output,
		@Nullable Throwable failure, Duration duration) {

	/**
	 * Whether the call failed.
	 * @return whether it failed
	 */
	public boolean failed() {
		return this.failure != null;
	}

}
