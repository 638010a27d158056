package io.asyncopenai.test;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(MockOpenAIServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MockOpenAIServerExtensionTests {

	private static MockOpenAIServer firstServer;

	private MockOpenAIServer injectedBeforeEach;

	@BeforeEach
	void keepServer(MockOpenAIServer server) {
		this.injectedBeforeEach = server;
	}

	@Test
	@Order(1)
	void injectsARunningServer(MockOpenAIServer server) {
		firstServer = server;
		assertThat(server).isSameAs(this.injectedBeforeEach);
		server.enqueue(Fault.error(500));
		server.enqueue(Fault.error(500));
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(500);
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	@Order(2)
	void sharesTheServerAcrossTestsAndResetsItBeforeEach(MockOpenAIServer server) {
		assertThat(server).isSameAs(firstServer);
		assertThat(server.requests()).isEmpty();
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
	}

	@Test
	void serverIsUnavailableOutsideATestClass() {
		assertThatIllegalStateException().isThrownBy(() -> new MockOpenAIServerExtension().server())
			.withMessageContaining("starts before");
	}

	@Nested
	class NestedTests {

		@Test
		void sharesTheEnclosingClassServer(MockOpenAIServer server) {
			assertThat(server).isSameAs(MockOpenAIServerExtensionTests.this.injectedBeforeEach);
			assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
		}

	}

}
