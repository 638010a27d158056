package io.asyncopenai.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.tools.OpenAITool;
import io.asyncopenai.tools.OpenAITools;
import io.asyncopenai.tools.Tool;
import io.asyncopenai.tools.ToolCallOutcome;
import io.asyncopenai.tools.ToolRun;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class OpenAIToolsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class, OpenAIToolsAutoConfiguration.class))
		.withPropertyValues("openai.api-key=sk-test-key", "openai.http.trust-env=false");

	record City(String city) {

	}

	record Temperature(String city, int celsius) {

	}

	static class WeatherTools {

		@OpenAITool(name = "get_weather", description = "The weather now in a city")
		Mono<String> weather(City args) {
			return Mono.just("sunny in " + args.city());
		}

		@OpenAITool(description = "The temperature now in a city")
		Temperature get_temperature(City args) {
			// Blocks, as a JDBC call would: the tool runs it off the event loops.
			assertThat(Thread.currentThread().getName()).contains("boundedElastic");
			return new Temperature(args.city(), 21);
		}

		String notATool(City args) {
			return "";
		}

	}

	static class TwoArgumentTool {

		@OpenAITool
		String compare(City first, City second) {
			return "";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WeatherToolsConfiguration {

		@Bean
		WeatherTools weatherTools() {
			return new WeatherTools();
		}

	}

	@Test
	void toolMethodsOfBeansAreToolsByNameAndRunForTheModel(MockOpenAIServer server) {
		this.runner.withUserConfiguration(WeatherToolsConfiguration.class)
			.withPropertyValues("openai.base-url=" + server.baseUrl())
			.run((context) -> {
				OpenAITools tools = context.getBean(OpenAITools.class);
				assertThat(tools.all()).extracting(Tool::name)
					.containsExactlyInAnyOrder("get_weather", "get_temperature");
				assertThat(tools.get("get_weather").description()).isEqualTo("The weather now in a city");
				ToolRun<Response> run = context.getBean(AsyncOpenAI.class)
					.responses()
					.runTools(ResponseCreateParams.builder()
						.model("gpt-4o")
						.input("Use get_weather for Lyon; get_temperature for Lyon.")
						.build(), tools.select("get_weather", "get_temperature"))
					.block(TIMEOUT);
				assertThat(run.calls()).extracting(ToolCallOutcome::output)
					.containsExactly("sunny in Lyon", "{\"city\":\"Lyon\",\"celsius\":21}");
			});
	}

	@Test
	void aToolMethodThatCannotBeAToolFailsTheStartupNamingIt() {
		this.runner.withBean("twoArgumentTool", TwoArgumentTool.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("twoArgumentTool")
				.hasMessageContaining("TwoArgumentTool.compare must take exactly one parameter");
		});
	}

	@Test
	void twoToolsOfOneNameFailTheStartup() {
		this.runner.withBean("first", WeatherTools.class).withBean("second", WeatherTools.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Two tools are named");
		});
	}

	@Test
	void noToolsWhenTheClientIsSwitchedOff() {
		this.runner.withPropertyValues("openai.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OpenAITools.class));
	}

	@Test
	void aContextWithoutToolMethodsHasAnEmptyRegistry() {
		this.runner.run((context) -> assertThat(context.getBean(OpenAITools.class).all()).isEmpty());
	}

}
