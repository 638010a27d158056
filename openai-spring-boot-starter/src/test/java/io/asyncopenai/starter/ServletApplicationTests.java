package io.asyncopenai.starter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ContextConfiguration;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application that adds the starter stays a servlet application, and gets a
 * working {@link AsyncOpenAI}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class ServletApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private AsyncOpenAI openAI;

	@Autowired
	private MockOpenAIServer server;

	@Test
	void staysAServletApplicationWithAWorkingClient() {
		assertThat(this.context).isInstanceOf(ServletWebServerApplicationContext.class);
		assertThat(this.openAI.models().retrieve("gpt-4o").block(Duration.ofSeconds(10)).id()).isEqualTo("gpt-4o");
		assertThat(this.server.lastRequest().header("authorization")).isEqualTo("Bearer " + MockOpenAIServer.API_KEY);
	}

	@Test
	void classpathDeducesAServletApplication() {
		assertThat(WebApplicationType.deduce()).isEqualTo(WebApplicationType.SERVLET);
	}

	@SpringBootApplication
	static class MvcApplication {

	}

}
