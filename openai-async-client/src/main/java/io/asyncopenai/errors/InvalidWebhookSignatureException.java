package io.asyncopenai.errors;

/**
 * A webhook request whose signature does not verify: a header is missing, the timestamp is
 * outside the tolerance, or no signature matches the secret. The message says which, and never
 * holds the secret nor the body.
 */
public class InvalidWebhookSignatureException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	public InvalidWebhookSignatureException(String message) {
		super(message);
	}

}
