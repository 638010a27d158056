package io.asyncopenai.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.util.ClassUtils;

import io.asyncopenai.core.BearerTokenSupplier;

/**
 * Where an Azure OpenAI client without a key gets Microsoft Entra ID tokens: the
 * {@link BearerTokenSupplier} bean qualified with its name, else the one without a qualifier,
 * else, with {@code com.azure:azure-identity} on the classpath, azure-identity's
 * {@code TokenCredential} bean or {@code DefaultAzureCredential}.
 */
final class EntraIdTokens {

	private static final String AZURE_IDENTITY = "com.azure.identity.DefaultAzureCredentialBuilder";

	private EntraIdTokens() {
	}

	/**
	 * The token supplier of a client.
	 * @param beans where the suppliers are
	 * @param client the client's name, or {@code null} for the default client
	 * @param classLoader where azure-identity would be
	 * @return the supplier, or {@code null} if there is none
	 * @throws IllegalStateException if several unqualified suppliers could serve it
	 */
	static @Nullable BearerTokenSupplier of(ListableBeanFactory beans, @Nullable String client,
			@Nullable ClassLoader classLoader) {
		List<String> unqualified = new ArrayList<>();
		for (String name : beans.getBeanNamesForType(BearerTokenSupplier.class)) {
			Qualifier qualifier = beans.findAnnotationOnBean(name, Qualifier.class);
			if (qualifier == null) {
				unqualified.add(name);
			}
			else if (qualifier.value().equals(client)) {
				return beans.getBean(name, BearerTokenSupplier.class);
			}
		}
		if (unqualified.size() > 1) {
			throw new IllegalStateException("Several BearerTokenSupplier beans " + unqualified + " could serve the Azure "
					+ "OpenAI client " + ((client != null) ? "'" + client + "'" : "of openai.*")
					+ ": qualify each with @Qualifier(\"<client name>\")");
		}
		if (unqualified.size() == 1) {
			return beans.getBean(unqualified.get(0), BearerTokenSupplier.class);
		}
		return ClassUtils.isPresent(AZURE_IDENTITY, classLoader) ? AzureIdentityTokens.of(beans) : null;
	}

}
