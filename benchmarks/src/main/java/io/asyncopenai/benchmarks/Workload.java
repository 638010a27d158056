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
	IDLE_STREAMS,

	/**
	 * A file of 1 MiB uploaded as {@code multipart/form-data} (purpose {@code batch}) from
	 * bytes in memory; the server reads and parses the whole body and answers a small file
	 * object.
	 */
	UPLOAD,

	/**
	 * A file's content of 1 MiB downloaded as {@code application/octet-stream} and read as it
	 * arrives, counted and dropped, where the client lets it, rather than kept whole.
	 */
	DOWNLOAD,

	/**
	 * C Realtime WebSocket connections open at once on one client and held open, each
	 * receiving a text delta a second: what holding them costs in heap, threads and CPU. Only
	 * {@code asyncopenai} runs it: the official Java SDK has no realtime client.
	 */
	REALTIME;

	boolean streaming() {
		return this == STREAM_LARGE || this == STREAM_TOKEN || this == IDLE_STREAMS;
	}

	/** The bytes of a file each request carries, up or down; 0 for the other workloads. */
	long transferBytes() {
		return (this == UPLOAD || this == DOWNLOAD) ? Payloads.FILE_SIZE : 0;
	}

	String streamShape() {
		return switch (this) {
			case STREAM_TOKEN -> "token";
			case IDLE_STREAMS -> "idle";
			default -> "large";
		};
	}

}
