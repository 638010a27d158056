package io.asyncopenai.autoconfigure;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting and closing 50 application contexts in one JVM leaves no growth in threads or
 * direct memory, and every connection closed at the server.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class RepeatedContextsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final long DIRECT_MEMORY_TOLERANCE = 16L * 1024 * 1024;

	@Test
	void fiftyContextsLeaveNoThreadsNorDirectMemoryBehind(MockOpenAIServer server) throws Exception {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
			.withPropertyValues("openai.api-key=sk-x", "openai.base-url=" + server.baseUrl(),
					"openai.http.trust-env=false");
		for (int i = 0; i < 3; i++) {
			runner.run((context) -> use(context.getBean(AsyncOpenAI.class)));
		}
		assertThat(server.awaitConnections((stats) -> stats.open() == 0, TIMEOUT).open()).isZero();
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		long directBefore = directMemoryUsed();
		for (int i = 0; i < 50; i++) {
			runner.run((context) -> use(context.getBean(AsyncOpenAI.class)));
		}
		assertThat(server.awaitConnections((stats) -> stats.open() == 0, TIMEOUT).open()).isZero();
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.isAlive() && thread.getName().startsWith("asyncopenai-http"));
		assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threadsBefore + 2);
		assertThat(directMemoryUsed()).isLessThanOrEqualTo(directBefore + DIRECT_MEMORY_TOLERANCE);
		assertThat(server.connections().opened()).isGreaterThanOrEqualTo(53);
	}

	private static void use(AsyncOpenAI client) {
		client.models().retrieve("gpt-4o").block(TIMEOUT);
		client.chat()
			.completions()
			.createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build())
			.blockLast(TIMEOUT);
	}

	private static long directMemoryUsed() {
		return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
	}

}
