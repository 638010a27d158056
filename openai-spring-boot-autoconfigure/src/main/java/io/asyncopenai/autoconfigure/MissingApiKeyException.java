package io.asyncopenai.autoconfigure;

import io.asyncopenai.errors.OpenAIException;

/**
 * No API key is configured: neither {@code openai.api-key} nor {@code OPENAI_API_KEY} is set.
 */
public class MissingApiKeyException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	private final String property;

	public MissingApiKeyException() {
		this("openai.api-key");
	}

	/**
	 * A missing key of one client.
	 * @param property the property that would set it, such as {@code openai.clients.azure.api-key}
	 */
	public MissingApiKeyException(String property) {
		super("No OpenAI API key is configured: set the " + property + " property"
				+ (property.equals("openai.api-key") ? " or the OPENAI_API_KEY environment variable" : ""));
		this.property = property;
	}

	/** The property that would set the missing key. */
	public String property() {
		return this.property;
	}

}
