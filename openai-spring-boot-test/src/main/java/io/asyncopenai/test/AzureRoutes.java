package io.asyncopenai.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Azure OpenAI's paths, answered as the OpenAI paths they stand for: the v1 API
 * ({@code /openai/v1/chat/completions}) and the deployment paths
 * ({@code /openai/deployments/<deployment>/chat/completions?api-version=…}), whose other
 * operations sit below {@code /openai} ({@code /openai/files?api-version=…}). WebSocket
 * handshakes are routed the same way; the deployment-path API's Realtime handshake is
 * {@code /openai/realtime?api-version=…&deployment=…}.
 */
final class AzureRoutes {

	private static final String V1 = "/openai/v1/";

	private static final String DEPLOYMENTS = "/openai/deployments/";

	private static final String OPENAI = "/openai/";

	/** The Realtime handshake of the deployment-path API, which names its deployment in the query. */
	private static final String REALTIME = "/openai/realtime";

	private AzureRoutes() {
	}

	/**
	 * The request as the OpenAI path it stands for, the request itself if it is not Azure's, or
	 * an error for a deployment path without its {@code api-version}.
	 */
	static Routed route(RecordedRequest request) {
		String path = request.path();
		if (path.startsWith(V1)) {
			return new Routed(request.routedTo("/v1/" + path.substring(V1.length())), null);
		}
		if (!path.startsWith(OPENAI)) {
			return new Routed(request, null);
		}
		if (parameter(request, "api-version").isBlank()) {
			return new Routed(request, Requests.error(404, new OpenAIError(
					"Resource not found: Azure OpenAI's deployment paths need the api-version query parameter.",
					"invalid_request_error", "api-version", "404")));
		}
		if (path.equals(REALTIME) && parameter(request, "deployment").isBlank()) {
			return new Routed(request, Requests.error(404, new OpenAIError(
					"Resource not found: Azure OpenAI's Realtime handshake names its deployment in the deployment query parameter.",
					"invalid_request_error", "deployment", "404")));
		}
		if (path.startsWith(DEPLOYMENTS)) {
			int end = path.indexOf('/', DEPLOYMENTS.length());
			if (end < 0) {
				return new Routed(request, null);
			}
			return new Routed(request.routedTo("/v1" + path.substring(end)), null);
		}
		return new Routed(request.routedTo("/v1/" + path.substring(OPENAI.length())), null);
	}

	/** The first non-blank value of a query parameter, or an empty string. */
	private static String parameter(RecordedRequest request, String name) {
		return request.queryParameters()
			.getOrDefault(name, List.of())
			.stream()
			.filter((value) -> !value.isBlank())
			.findFirst()
			.orElse("");
	}

	/**
	 * A request on its way to an endpoint.
	 *
	 * @param request the request the endpoint sees
	 * @param refusal the answer instead, or {@code null}
	 */
	record Routed(RecordedRequest request, @Nullable Reply refusal) {

	}

}
