package io.asyncopenai.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig(MockOpenAIDynamicPropertiesTests.EmptyConfiguration.class)
class MockOpenAIDynamicPropertiesTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@DynamicPropertySource
	static void openAI(DynamicPropertyRegistry registry) {
		MockOpenAIDynamicProperties.register(registry, mock::server);
	}

	@Autowired
	private Environment environment;

	@Test
	void registersBaseUrlAndApiKeyOfTheExtensionServer() {
		assertThat(this.environment.getProperty("openai.base-url")).isEqualTo(mock.server().baseUrl());
		assertThat(this.environment.getProperty("openai.api-key")).isEqualTo(MockOpenAIServer.API_KEY);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
