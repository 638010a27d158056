package io.asyncopenai.autoconfigure;

/**
 * Finds why a context failed to start, among the causes Spring wraps it in.
 */
final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * The first cause of a type.
	 * @param failure the startup failure
	 * @param type the cause's type
	 * @param <T> that type
	 * @return the cause
	 * @throws AssertionError if there is none
	 */
	static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

}
