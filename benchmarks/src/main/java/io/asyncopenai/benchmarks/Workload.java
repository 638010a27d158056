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
	EMBED_BASE64;

	boolean streaming() {
		return this == STREAM_LARGE || this == STREAM_TOKEN;
	}

	String streamShape() {
		return (this == STREAM_TOKEN) ? "token" : "large";
	}

}
