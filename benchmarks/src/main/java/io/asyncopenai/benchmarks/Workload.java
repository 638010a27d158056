package io.asyncopenai.benchmarks;

/**
 * What each request of a run does.
 */
public enum Workload {

	/** A non-streaming chat completion of about 1.2 KB. */
	CHAT,

	/** A streamed chat completion of 200 chunks, sent in a few large writes. */
	STREAM_LARGE,

	/** A streamed chat completion of 200 chunks, one event per write, as real streams trickle. */
	STREAM_TOKEN,

	/** An embedding of 1536 dimensions as a float JSON array. */
	EMBED_FLOAT,

	/** An embedding of 1536 dimensions as base64 of little-endian float32. */
	EMBED_BASE64,

	/**
	 * C streams open at once, each idle after its first event: what holding them costs in
	 * memory and threads.
	 */
	IDLE_STREAMS;

	boolean streaming() {
		return this == STREAM_LARGE || this == STREAM_TOKEN || this == IDLE_STREAMS;
	}

	String streamShape() {
		return switch (this) {
			case STREAM_TOKEN -> "token";
			case IDLE_STREAMS -> "idle";
			default -> "large";
		};
	}

}
