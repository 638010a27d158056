package io.asyncopenai.autoconfigure;

import io.asyncopenai.errors.OpenAIException;

/**
 * No API key is configured: neither {@code openai.api-key} nor {@code OPENAI_API_KEY} is set.
 */
public class MissingApiKeyException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	public MissingApiKeyException() {
		super("No OpenAI API key is configured: set the openai.api-key property or the OPENAI_API_KEY "
				+ "environment variable");
	}

}
