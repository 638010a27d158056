package io.asyncopenai.services.audio;

import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.audio.translations.TranslationCreateParams;

/**
 * {@code /audio/translations}: the hand-written part of {@link AudioTranslationService}, which
 * adds the resource's operations.
 */
public abstract class AudioTranslationServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected AudioTranslationServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Translates audio into English plain text, SubRip or WebVTT subtitles: the {@code text},
	 * {@code srt} and {@code vtt} response formats, which the API answers as text rather
	 * than JSON. The text is read whole, up to the transport's {@code maxResponseSize}.
	 * @param params the parameters, with a {@code responseFormat} of {@code text},
	 * {@code srt} or {@code vtt}
	 * @return the text, or an {@link IllegalArgumentException} for another format
	 */
	public Mono<String> createText(TranslationCreateParams params) {
		return createText(params, RequestOptions.none());
	}

	/**
	 * Translates audio into English plain text, SubRip or WebVTT subtitles, as
	 * {@link #createText(TranslationCreateParams)} does.
	 * @param params the parameters, with a {@code responseFormat} of {@code text},
	 * {@code srt} or {@code vtt}
	 * @param options options of this call
	 * @return the text, or an {@link IllegalArgumentException} for another format
	 */
	public Mono<String> createText(TranslationCreateParams params, RequestOptions options) {
		return AudioText.create(this.caller, "/audio/translations", params, params.responseFormat(), options);
	}

}
