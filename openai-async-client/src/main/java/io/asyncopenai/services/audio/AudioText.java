package io.asyncopenai.services.audio;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.BinaryResponse;
import io.asyncopenai.core.RequestOptions;

import org.springframework.http.HttpMethod;

/**
 * Sends a transcription or translation whose {@code response_format} asks for plain text, which
 * the API answers as {@code text/plain} rather than JSON.
 */
final class AudioText {

	private static final Set<String> TEXT_FORMATS = Set.of("text", "srt", "vtt");

	private AudioText() {
	}

	static Mono<String> create(ApiCaller caller, String path, Object params, @Nullable String responseFormat,
			RequestOptions options) {
		if (responseFormat == null || !TEXT_FORMATS.contains(responseFormat)) {
			return Mono.error(new IllegalArgumentException("createText reads a response_format of text, srt or vtt, not "
					+ ((responseFormat != null) ? responseFormat : "the default json")
					+ "; set one on the params, or use create for the JSON formats"));
		}
		return caller
			.downloadMultipart(HttpMethod.POST, ApiPath.literal(path), params, Map.of(), "text/plain", options)
			.flatMap(BinaryResponse::text);
	}

}
