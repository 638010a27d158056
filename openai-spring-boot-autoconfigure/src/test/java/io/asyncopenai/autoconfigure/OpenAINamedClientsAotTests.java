package io.asyncopenai.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named clients through Spring AOT, as a native image or {@code -Dspring.aot.enabled=true}
 * runs them: the context is processed ahead of time, the generated code compiled, and a fresh
 * context started from it, whose clients are proven on the wire. The generated code reaches
 * package-private types, so it is loaded in the tests' own class loader, forked.
 */
@CompileWithForkedClassLoader
class OpenAINamedClientsAotTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void namedClientsAreGeneratedAheadOfTimeAndCallTheirOwnServers() {
		try (MockOpenAIServer main = MockOpenAIServer.start();
				MockOpenAIServer local = MockOpenAIServer.builder().compatible(true).start();
				MockOpenAIServer gateway = MockOpenAIServer.start()) {
			String[] properties = { "openai.http.trust-env=false", "openai.base-url=" + main.baseUrl(),
					"openai.api-key=sk-main", "openai.clients.local.base-url=" + local.baseUrl(),
					"openai.clients.local.api-key=", "openai.clients.gateway.base-url=" + gateway.baseUrl(),
					"openai.clients.gateway.api-key=sk-gateway" };
			List<OpenAIHttpClient> transports = new ArrayList<>();
			processAheadOfTime(OpenAINamedClientsTests.Consumers.class, properties, (generated) -> {
				assertThat(generated.sources()).contains("localAsyncOpenAI", "localOpenAIHttpClient",
						"gatewayAsyncOpenAI", "gatewayOpenAIHttpClient");
				assertThat(RuntimeHintsPredicates.reflection()
					.onType(OpenAINamedClients.class)
					.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS))
					.as("a native image can make the clients of names added after its build")
					.accepts(generated.hints());
			}, properties, (context) -> {
				OpenAINamedClientsTests.Consumers consumers = context.getBean(OpenAINamedClientsTests.Consumers.class);
				consumers.main.models().retrieve("gpt-4o").block(TIMEOUT);
				consumers.local.models().retrieve("gpt-4o").block(TIMEOUT);
				consumers.gateway.models().retrieve("gpt-4o").block(TIMEOUT);
				transports.addAll(context.getBeansOfType(OpenAIHttpClient.class).values());
			});
			assertThat(main.lastRequest().header("authorization")).isEqualTo("Bearer sk-main");
			assertThat(local.lastRequest().header("authorization")).isNull();
			assertThat(gateway.lastRequest().header("authorization")).isEqualTo("Bearer sk-gateway");
			assertThat(transports).hasSize(3).allSatisfy((transport) -> assertThat(transport.isClosed()).isTrue());
		}
	}

	@Test
	void aNameAddedAfterTheBuildStillGetsItsClient() {
		try (MockOpenAIServer main = MockOpenAIServer.start(); MockOpenAIServer late = MockOpenAIServer.start()) {
			String[] atBuild = { "openai.http.trust-env=false", "openai.base-url=" + main.baseUrl(),
					"openai.api-key=sk-main", "openai.clients.local.base-url=" + main.baseUrl() };
			String[] atRuntime = { "openai.http.trust-env=false", "openai.base-url=" + main.baseUrl(),
					"openai.api-key=sk-main", "openai.clients.local.base-url=" + main.baseUrl(),
					"openai.clients.late.base-url=" + late.baseUrl(), "openai.clients.late.api-key=sk-late" };
			processAheadOfTime(NoConsumers.class, atBuild, (generated) -> assertThat(generated.sources()).doesNotContain("late"),
					atRuntime, (context) -> {
						assertThat(context.getBeansOfType(AsyncOpenAI.class)).containsOnlyKeys("asyncOpenAI",
								"localAsyncOpenAI", "lateAsyncOpenAI");
						context.getBean("lateAsyncOpenAI", AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT);
					});
			assertThat(late.lastRequest().header("authorization")).isEqualTo("Bearer sk-late");
		}
	}

	/**
	 * Processes a context of the auto-configuration and a user configuration with the build's
	 * properties, compiles what it generates, and runs a fresh context from it with the
	 * runtime's properties and, as Spring Boot does, no bean definition overriding.
	 */
	private static void processAheadOfTime(Class<?> userConfiguration, String[] buildProperties, Consumer<Generated> generatedCheck,
			String[] runtimeProperties, Consumer<GenericApplicationContext> runtimeCheck) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
			.withUserConfiguration(userConfiguration)
			.withPropertyValues(buildProperties)
			.prepare((prepared) -> {
				TestGenerationContext generationContext = new TestGenerationContext(AotTarget.class);
				ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(
						(GenericApplicationContext) prepared.getSourceApplicationContext(), generationContext);
				generationContext.writeGeneratedContent();
				StringBuilder sources = new StringBuilder();
				generationContext.getGeneratedFiles()
					.getGeneratedFiles(Kind.SOURCE)
					.values()
					.forEach((source) -> sources.append(source).append('\n'));
				generatedCheck.accept(new Generated(sources.toString(), generationContext.getRuntimeHints()));
				TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
					try (GenericApplicationContext context = new GenericApplicationContext()) {
						context.setAllowBeanDefinitionOverriding(false);
						@SuppressWarnings("unchecked")
						ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
							.getInstance(ApplicationContextInitializer.class, initializerName.toString());
						initializer.initialize(context);
						TestPropertyValues.of(runtimeProperties).applyTo(context);
						context.refresh();
						runtimeCheck.accept(context);
					}
				});
			});
	}

	record Generated(String sources, RuntimeHints hints) {
	}

	static class AotTarget {

	}

	@Configuration(proxyBeanMethods = false)
	static class NoConsumers {

	}

}
