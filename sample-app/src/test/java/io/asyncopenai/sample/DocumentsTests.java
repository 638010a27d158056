package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyncopenai.test.MockOpenAIServerInitializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's documents API on MockOpenAIServer, which indexes the files and answers file
 * searches from them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "openai.http.trust-env=false")
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class DocumentsTests extends SampleWebTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	DocumentsTests() {
		super(TIMEOUT);
	}

	@Test
	void documentsAreIndexedAndAQuestionIsAnsweredFromThemWithCitations() {
		List<Map<String, String>> documents = List.of(
				Map.of("name", "returns", "text", "Returns: any item can be returned within 30 days for a full refund."),
				Map.of("name", "shipping", "text", "Shipping takes three to five business days."),
				Map.of("name", "warranty", "text", "The warranty covers manufacturing defects for two years."));
		Map<String, Object> library = this.client.post()
			.uri("/api/documents")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("documents", documents))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(library).containsEntry("status", "completed").containsEntry("indexed", 3).containsEntry("failed", 0);
		this.client.post()
			.uri("/api/documents/{id}/questions", String.valueOf(library.get("vectorStoreId")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("question", "Can I get a refund if I return an item?"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text")
			.value(String.class, (text) -> assertThat(text).startsWith("From returns.txt: Returns: any item"))
			.jsonPath("$.citations[0]")
			.isEqualTo("returns.txt");
		assertThat(this.server.requests()).filteredOn((request) -> request.path().equals("/v1/files")).hasSize(3);
		assertThat(this.server.lastRequest().body()).contains("\"type\":\"file_search\"");
	}

	@Test
	void aDocumentWithoutTextIsAProblemNotAnUpstreamCall() {
		this.client.post()
			.uri("/api/documents")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("documents", List.of(Map.of("name", "empty", "text", " "))))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("each document needs a name and a text");
		assertThat(this.server.requests()).isEmpty();
	}

}
