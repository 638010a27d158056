package io.asyncopenai.aot.shapes;

/**
 * Known values of a string field, as the generator writes an enum of the description.
 */
public final class Roles {

	/** {@code user}. */
	public static final String USER = "user";

	/** {@code assistant}. */
	public static final String ASSISTANT = "assistant";

	private Roles() {
	}

}
