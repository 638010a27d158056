package io.asyncopenai.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Azure OpenAI's paths, answered as the OpenAI paths they stand for: the v1 API
 * ({@code /openai/v1/chat/completions}) and the deployment paths
 * ({@code /openai/deployments/<deployment>/chat/completions?api-version=…}), whose other
 * operations sit below {@code /openai} ({@code /openai/files?api-version=…}).
 */
final class AzureRoutes {

	private static final String V1 = "/openai/v1/";

	private static final String DEPLOYMENTS = "/openai/deployments/";

	private static final String OPENAI = "/openai/";

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
		if (request.queryParameters().getOrDefault("api-version", List.of()).stream().allMatch(String::isBlank)) {
			return new Routed(request, Requests.error(404, new OpenAIError(
					"Resource not found: Azure OpenAI's deployment paths need the api-version query parameter.",
					"invalid_request_error", "api-version", "404")));
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

	/**
	 * A request on its way to an endpoint.
	 *
	 * @param request the request the endpoint sees
	 * @param refusal the answer instead, or {@code null}
	 */
	record Routed(RecordedRequest request, @Nullable Reply refusal) {

	}

}
