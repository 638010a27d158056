package io.asyncopenai.autoconfigure;

import io.asyncopenai.errors.OpenAIException;

/**
 * No API key is configured: neither {@code openai.api-key} nor {@code OPENAI_API_KEY} is set.
 */
public class MissingApiKeyException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final boolean azure;

	public MissingApiKeyException() {
		this("openai.api-key");
	}

	/**
	 * A missing key of one client.
	 * @param property the property that would set it, such as {@code openai.clients.local.api-key}
	 */
	public MissingApiKeyException(String property) {
		this(property, false);
	}

	/**
	 * A missing key of one client, maybe an Azure OpenAI one, which could use Microsoft Entra
	 * ID tokens instead.
	 * @param property the property that would set it, such as {@code openai.clients.azure.api-key}
	 * @param azure whether the client is an Azure OpenAI one
	 */
	public MissingApiKeyException(String property, boolean azure) {
		super((azure ? "No Azure OpenAI API key nor Microsoft Entra ID credential is configured: set the "
				: "No OpenAI API key is configured: set the ") + property + " property" + variable(property, azure)
				+ (azure ? ", declare a BearerTokenSupplier bean, or add com.azure:azure-identity to use "
						+ "DefaultAzureCredential" : ""));
		this.property = property;
		this.azure = azure;
	}

	/** The property that would set the missing key. */
	public String property() {
		return this.property;
	}

	/** Whether the client without a key is an Azure OpenAI one. */
	public boolean azure() {
		return this.azure;
	}

	/** The environment variable that would set the default client's key, as a clause. */
	static String variable(String property, boolean azure) {
		if (!property.equals("openai.api-key")) {
			return "";
		}
		return azure ? " or the AZURE_OPENAI_API_KEY environment variable" : " or the OPENAI_API_KEY environment variable";
	}

}
