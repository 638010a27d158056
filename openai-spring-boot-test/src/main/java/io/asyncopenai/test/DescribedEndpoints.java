package io.asyncopenai.test;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Every operation of the API description that no realistic endpoint answers: the answer is
 * the operation's own example, or a value generated from its schema (see
 * {@link DescribedAnswers}).
 */
final class DescribedEndpoints {

	private static final String PREFIX = "/v1";

	/**
	 * The answer of the operation a request is for, or an empty result if the description has
	 * no such operation. The first request reads the description, away from the server's
	 * event loops.
	 * @param request the request
	 * @return the answer, or empty
	 */
	Mono<Reply> handle(RecordedRequest request) {
		if (!request.path().startsWith(PREFIX + "/")) {
			return Mono.empty();
		}
		Mono<Reply> reply = Mono.fromSupplier(() -> answer(request));
		return OpenAPIDescription.isLoaded() ? reply : reply.subscribeOn(Schedulers.boundedElastic());
	}

	private static @Nullable Reply answer(RecordedRequest request) {
		return answer(request.method(), request.path(), request.query(), () -> asksForStream(request));
	}

	/**
	 * The answer of the operation for a method and path, or {@code null} if the description
	 * has none. Reads the description if it is not read yet.
	 * @param method the HTTP method
	 * @param fullPath the path, starting with {@code /v1/}
	 * @param query the raw query
	 * @param asksForStream whether the request asks for Server-Sent Events
	 * @return the answer, or {@code null}
	 */
	static @Nullable Reply answer(String method, String fullPath, String query, BooleanSupplier asksForStream) {
		OpenAPIDescription description;
		try {
			description = OpenAPIDescription.get();
		}
		catch (RuntimeException | LinkageError ex) {
			// A jar without its description (or with a broken one) says so in the answer, not in a hung request.
			return Requests.error(500, new OpenAIError("MockOpenAIServer could not read the API description: " + ex,
					"server_error", null, null));
		}
		String path = fullPath.substring(PREFIX.length());
		if (path.length() > 1 && path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		boolean beta = ("&" + query + "&").contains("&beta=true&");
		DescribedOperation operation = description.find(method, path, beta);
		if (operation == null) {
			return null;
		}
		Reply.Stream stream = operation.stream();
		return (stream != null && asksForStream.getAsBoolean()) ? stream : operation.answer();
	}

	/**
	 * Whether a request asks for Server-Sent Events: {@code "stream": true}, or
	 * {@code "stream_format": "sse"} as speech takes it, in a JSON or a multipart body.
	 */
	static boolean asksForStream(RecordedRequest request) {
		if (MultipartReader.isMultipart(request.header("content-type"))) {
			return request.parts().stream().anyMatch((part) -> !part.isFile() && part.size() <= 16
					&& ((part.name().equals("stream") && part.text().strip().equalsIgnoreCase("true"))
							|| (part.name().equals("stream_format") && part.text().strip().equals("sse"))));
		}
		JsonNode body = Requests.parseObject(request.body());
		return body != null
				&& (body.path("stream").asBoolean(false) || body.path("stream_format").asString("").equals("sse"));
	}

}
