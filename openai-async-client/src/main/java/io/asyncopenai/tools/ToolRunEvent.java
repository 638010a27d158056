package io.asyncopenai.tools;

/**
 * What a streamed tool run gives, in order: each turn's model events as they arrive, then the
 * turn's tool calls as they start and as they finish, and at last the finished run.
 *
 * @param <E> the type of the model's stream events
 * @param <R> the type of the model's result
 */
public sealed interface ToolRunEvent<E, R> {

	/**
	 * An event of the model's stream (its text deltas, its function call items).
	 * @param turn the model call it belongs to, from 1
	 * @param event the event
	 * @param <E> the type of the model's stream events
	 * @param <R> the type of the model's result
	 */
	record ModelEvent<E, R>(int turn, E event) implements ToolRunEvent<E, R> {

	}

	/**
	 * A tool call that starts.
	 * @param turn the model call that asked for it
	 * @param callId the id the model gave the call
	 * @param name the tool's name
	 * @param arguments the arguments, JSON as the model wrote them
	 * @param <E> the type of the model's stream events
	 * @param <R> the type of the model's result
	 */
	record ToolCallStarted<E, R>(int turn, String callId, String name, String arguments)
			implements ToolRunEvent<E, R> {

	}

	/**
	 * A tool call that finished, in the order the calls finish.
	 * @param outcome what was sent back to the model
	 * @param <E> the type of the model's stream events
	 * @param <R> the type of the model's result
	 */
	record ToolCallFinished<E, R>(ToolCallOutcome outcome) implements ToolRunEvent<E, R> {

	}

	/**
	 * The run, finished: the last element.
	 * @param run the final answer and every call
	 * @param <E> the type of the model's stream events
	 * @param <R> the type of the model's result
	 */
	record Finished<E, R>(ToolRun<R> run) implements ToolRunEvent<E, R> {

	}

}
