package io.asyncopenai.autoconfigure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;

import io.asyncopenai.core.BearerToken;
import io.asyncopenai.core.BearerTokenSupplier;

/**
 * Microsoft Entra ID tokens for Azure OpenAI from azure-identity: the application's
 * {@link TokenCredential} bean, else {@code DefaultAzureCredential} (environment, workload
 * identity, managed identity, Azure CLI...). Only loaded when azure-identity is present.
 */
final class AzureIdentityTokens implements BearerTokenSupplier {

	/** The scope of Azure OpenAI's tokens. */
	static final String SCOPE = "https://cognitiveservices.azure.com/.default";

	private final TokenCredential credential;

	private final TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);

	private AzureIdentityTokens(TokenCredential credential) {
		this.credential = credential;
	}

	static BearerTokenSupplier of(ListableBeanFactory beans) {
		return new AzureIdentityTokens(beans.getBeanProvider(TokenCredential.class)
			.getIfUnique(() -> new DefaultAzureCredentialBuilder().build()));
	}

	@Override
	public Mono<BearerToken> token() {
		return this.credential.getToken(this.request)
			.map((token) -> new BearerToken(token.getToken(), token.getExpiresAt().toInstant()));
	}

	@Override
	public String toString() {
		return "AzureIdentityTokens{" + this.credential.getClass().getName() + ", scope=" + SCOPE + "}";
	}

}
