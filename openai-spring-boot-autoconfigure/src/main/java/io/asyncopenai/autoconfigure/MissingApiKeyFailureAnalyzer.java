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
		if (cause.azure()) {
			return new FailureAnalysis(
					"The Azure OpenAI client needs an API key or a Microsoft Entra ID credential, and none is configured.",
					"Set the " + property + " property" + MissingApiKeyException.variable(property, true)
							+ ", declare a BearerTokenSupplier bean that fetches Entra ID tokens, or add "
							+ "com.azure:azure-identity to use DefaultAzureCredential (scope "
							+ AzureIdentityTokens.SCOPE + "). To run without the client, set openai.enabled=false.",
					cause);
		}
		return new FailureAnalysis("The AsyncOpenAI client needs an API key, and none is configured.",
				"Set the " + property + " property (for example " + property + "=${MY_KEY} in application.yml)"
						+ MissingApiKeyException.variable(property, false)
						+ ". To run without the client, set openai.enabled=false.",
				cause);
	}

}
