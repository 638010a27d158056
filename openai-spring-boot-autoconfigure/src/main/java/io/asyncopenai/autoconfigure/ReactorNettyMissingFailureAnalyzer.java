package io.asyncopenai.autoconfigure;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;

/**
 * Explains why no {@link AsyncOpenAI} could be injected when Reactor Netty, its transport, is
 * not on the classpath.
 */
class ReactorNettyMissingFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

	static final String REACTOR_NETTY_CLASS = "reactor.netty.http.client.HttpClient";

	private final Predicate<String> classPresent;

	ReactorNettyMissingFailureAnalyzer() {
		this((name) -> ClassUtils.isPresent(name, ReactorNettyMissingFailureAnalyzer.class.getClassLoader()));
	}

	ReactorNettyMissingFailureAnalyzer(Predicate<String> classPresent) {
		this.classPresent = classPresent;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		ResolvableType type = cause.getResolvableType();
		Class<?> missing = (type != null) ? type.resolve() : cause.getBeanType();
		if ((missing != AsyncOpenAI.class && missing != OpenAIHttpClient.class)
				|| this.classPresent.test(REACTOR_NETTY_CLASS)) {
			return null;
		}
		return new FailureAnalysis("No " + missing.getSimpleName() + " bean was created because Reactor Netty, the "
				+ "client's HTTP transport, is not on the classpath.",
				"Add the dependency io.projectreactor.netty:reactor-netty-http, or depend on "
						+ "io.asyncopenai:openai-spring-boot-starter, which brings it.",
				cause);
	}

}
