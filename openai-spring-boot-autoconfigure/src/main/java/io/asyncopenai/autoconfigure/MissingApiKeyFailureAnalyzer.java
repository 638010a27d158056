package io.asyncopenai.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed for want of an API key.
 */
class MissingApiKeyFailureAnalyzer extends AbstractFailureAnalyzer<MissingApiKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingApiKeyException cause) {
		String property = cause.property();
		return new FailureAnalysis("The AsyncOpenAI client needs an API key, and none is configured.",
				"Set the " + property + " property (for example " + property + "=${MY_KEY} in application.yml)"
						+ (property.equals("openai.api-key") ? " or the OPENAI_API_KEY environment variable" : "")
						+ ". To run without the client, set openai.enabled=false.",
				cause);
	}

}
