package io.asyncopenai.test;

import org.jspecify.annotations.Nullable;

/**
 * One operation of the API description and the answers the mock gives for it: its default
 * answer, and for operations that also stream, the stream a request asks for with
 * {@code "stream": true}.
 */
final class DescribedOperation {

	/**
	 * Where an answer comes from.
	 */
	enum Source {

		/** The operation's own example, valid against its schema. */
		EXAMPLE,

		/** A value generated from the operation's response schema. */
		SCHEMA,

		/** A small body of a content type other than JSON. */
		NON_JSON,

		/** No body: the operation declares none and has no example. */
		EMPTY

	}

	private final String method;

	private final String path;

	private final boolean beta;

	private final String operationId;

	private final @Nullable String[] template;

	private final Reply answer;

	private final Source source;

	private final Reply.@Nullable Stream stream;

	private final @Nullable Source streamSource;

	DescribedOperation(String method, String path, boolean beta, String operationId, Reply answer, Source source,
			Reply.@Nullable Stream stream, @Nullable Source streamSource) {
		this.method = method;
		this.path = path;
		this.beta = beta;
		this.operationId = operationId;
		this.answer = answer;
		this.source = source;
		this.stream = stream;
		this.streamSource = streamSource;
		String[] segments = segments(path);
		this.template = new String[segments.length];
		for (int i = 0; i < segments.length; i++) {
			boolean parameter = segments[i].startsWith("{") && segments[i].endsWith("}");
			this.template[i] = parameter ? null : segments[i];
		}
	}

	/** The segments of a path, without the empty one before its leading slash. */
	static String[] segments(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
	}

	/** The HTTP method, in capitals. */
	String method() {
		return this.method;
	}

	/** The path template, relative to {@code /v1}, without the query of a beta variant. */
	String path() {
		return this.path;
	}

	/** Whether this is the beta variant of an operation ({@code ?beta=true} in its path). */
	boolean beta() {
		return this.beta;
	}

	String operationId() {
		return this.operationId;
	}

	/** The answer to a request that does not ask for a stream. */
	Reply answer() {
		return this.answer;
	}

	Source source() {
		return this.source;
	}

	/** The stream a request that asks for one gets, if the operation streams. */
	Reply.@Nullable Stream stream() {
		return this.stream;
	}

	@Nullable Source streamSource() {
		return this.streamSource;
	}

	/** Whether request path segments fit this operation's template, a parameter taking any one segment. */
	boolean matches(String[] segments) {
		if (segments.length != this.template.length) {
			return false;
		}
		for (int i = 0; i < segments.length; i++) {
			String literal = this.template[i];
			if (literal != null ? !literal.equals(segments[i]) : segments[i].isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether this operation fits a request better than another that also matches it: a
	 * literal segment wins over a parameter at the first place they differ, then the variant
	 * (beta or not) the request asked for wins.
	 */
	boolean isMoreSpecificThan(DescribedOperation other, boolean beta) {
		for (int i = 0; i < this.template.length; i++) {
			boolean literal = this.template[i] != null;
			if (literal != (other.template[i] != null)) {
				return literal;
			}
		}
		return this.beta == beta && other.beta != beta;
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + (this.beta ? "?beta=true" : "") + " (" + this.operationId + ")";
	}

}
