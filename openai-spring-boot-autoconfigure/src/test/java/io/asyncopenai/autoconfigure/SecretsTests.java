package io.asyncopenai.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.asyncopenai.AsyncOpenAI;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

	private static final String KEY = "sk-secret-value-0123456789";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class, EndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withPropertyValues("openai.api-key=" + KEY, "openai.http.trust-env=false",
				"management.endpoint.configprops.show-values=always",
				"management.endpoints.jmx.exposure.include=configprops", "management.endpoints.web.exposure.include=configprops");

	@Test
	void configpropsShowsNeitherTheApiKeyNorProxyCredentials() {
		this.runner.withPropertyValues("openai.http.proxies.https=http://user:proxy-secret@proxy.internal:3128")
			.run((context) -> {
				ConfigurationPropertiesReportEndpoint endpoint = context.getBean(ConfigurationPropertiesReportEndpoint.class);
				String report = endpoint.configurationProperties().toString();
				ConfigurationPropertiesBeanDescriptor openai = endpoint.configurationProperties()
					.getContexts()
					.values()
					.iterator()
					.next()
					.getBeans()
					.values()
					.stream()
					.filter((bean) -> "openai".equals(bean.getPrefix()))
					.findFirst()
					.orElseThrow();
				Map<String, Object> properties = openai.getProperties();
				assertThat(properties.get("apiKey")).isEqualTo("******");
				assertThat(properties.toString()).doesNotContain(KEY)
					.doesNotContain("proxy-secret")
					.contains("proxy.internal:3128");
				assertThat(report).doesNotContain(KEY);
			});
	}

	@Test
	void apiKeyShowsInNoStartupLog(CapturedOutput output) {
		this.runner.withPropertyValues("openai.http.wiretap=true", "logging.level.io.asyncopenai=DEBUG")
			.run((context) -> assertThat(context.getBean(AsyncOpenAI.class).toString()).doesNotContain(KEY));
		assertThat(output).doesNotContain(KEY);
	}

	@Test
	void plainHttpToAnotherHostLogsAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("openai.base-url=http://api.example.com/v1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("http://api.example.com/v1 is plain http to another host");
		});
	}

	@Test
	void plainHttpOnLoopbackLogsNoWarning(CapturedOutput output) {
		this.runner.withPropertyValues("openai.base-url=http://127.0.0.1:9/v1")
			.run((context) -> assertThat(output).doesNotContain("plain http to another host"));
	}

}
