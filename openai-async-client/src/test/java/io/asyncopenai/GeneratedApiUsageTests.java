package io.asyncopenai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.asyncopenai.models.batches.Batch;
import io.asyncopenai.models.batches.BatchCreateParams;
import io.asyncopenai.models.conversations.items.ConversationItem;
import io.asyncopenai.models.files.FileListParams;
import io.asyncopenai.models.files.FileObject;
import io.asyncopenai.models.finetuning.jobs.FineTuningJob;
import io.asyncopenai.models.moderations.ModerationCreateParams;
import io.asyncopenai.models.moderations.ModerationCreateResponse;
import io.asyncopenai.models.vectorstores.VectorStoreCreateParams;
import io.asyncopenai.models.vectorstores.VectorStoreSearchParams;
import io.asyncopenai.models.vectorstores.VectorStoreSearchResultsPage;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls the README shows, as a user writes them, against the mock server's answers.
 */
class GeneratedApiUsageTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private MockOpenAIServer server;

	private TestClient client;

	@BeforeEach
	void start() {
		this.server = MockOpenAIServer.start();
		this.client = TestClient.of(this.server);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void filesAreListedWithTheirPurpose() {
		List<FileObject> files = this.client.openai()
			.files()
			.list(FileListParams.builder().purpose("batch").build())
			.take(10)
			.collectList()
			.block(TIMEOUT);
		assertThat(files).allSatisfy((file) -> assertThat(file.object()).isEqualTo("file"));
		RecordedRequest request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/v1/files");
		assertThat(request.queryParameters()).containsEntry("purpose", List.of("batch"));
	}

	@Test
	void aBatchIsCreatedFromItsParams() {
		String input = this.server.addFile("requests.jsonl", "batch",
				"{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o\"}}\n"
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		Batch batch = this.client.openai()
			.batches()
			.create(BatchCreateParams.builder()
				.inputFileId(input)
				.endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
				.completionWindow("24h")
				.build())
			.block(TIMEOUT);
		assertThat(batch.object()).isEqualTo("batch");
		assertThat(this.server.requests().get(0).body()).contains("\"input_file_id\":\"" + input + "\"")
			.contains("\"endpoint\":\"/v1/chat/completions\"")
			.contains("\"completion_window\":\"24h\"");
	}

	@Test
	void aVectorStoreIsSearchedWithAStringQuery() {
		String store = this.client.openai()
			.vectorStores()
			.create(VectorStoreCreateParams.builder().name("policies").build())
			.block(TIMEOUT)
			.id();
		VectorStoreSearchResultsPage page = this.client.openai()
			.vectorStores()
			.search(store, VectorStoreSearchParams.builder().query("return policy").maxNumResults(5L).build())
			.block(TIMEOUT);
		assertThat(page.data()).isNotNull();
		RecordedRequest request = this.server.requests().get(1);
		assertThat(request.path()).isEqualTo("/v1/vector_stores/" + store + "/search");
		assertThat(request.body()).contains("\"query\":\"return policy\"").contains("\"max_num_results\":5");
	}

	@Test
	void conversationItemsArriveAsTheirKinds() {
		List<ConversationItem> items = this.client.openai()
			.conversations()
			.items()
			.list("conv_abc123")
			.take(10)
			.collectList()
			.block(TIMEOUT);
		assertThat(items).doesNotHaveAnyElementsOfTypes(ConversationItem.Unknown.class);
		assertThat(this.server.requests().get(0).path()).isEqualTo("/v1/conversations/conv_abc123/items");
	}

	@Test
	void aModerationTakesAStringInput() {
		ModerationCreateResponse moderation = this.client.openai()
			.moderations()
			.create(ModerationCreateParams.builder().input("some text").build())
			.block(TIMEOUT);
		assertThat(moderation.results()).isNotNull();
		assertThat(this.server.requests().get(0).body()).contains("\"input\":\"some text\"");
	}

	@Test
	void fineTuningJobsArePagedOnDemand() {
		List<FineTuningJob> jobs = this.client.openai().fineTuning().jobs().list().take(1).collectList().block(TIMEOUT);
		assertThat(jobs).hasSizeLessThanOrEqualTo(1);
		assertThat(this.server.requests()).hasSize(1);
		assertThat(this.server.requests().get(0).path()).isEqualTo("/v1/fine_tuning/jobs");
	}

}
