package io.asyncopenai;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.core.UploadFile;
import io.asyncopenai.models.vectorstores.VectorStoreCreateParams;
import io.asyncopenai.models.vectorstores.VectorStoreSearchParams;
import io.asyncopenai.models.vectorstores.VectorStoreSearchResultsPage;
import io.asyncopenai.models.vectorstores.filebatches.VectorStoreFileBatch;
import io.asyncopenai.models.vectorstores.files.VectorStoreFile;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vector retrieval as a user sets it up: files uploaded into a vector store with the waiting
 * helpers, then searched, on a MockOpenAIServer that indexes them after a delay.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class VectorStoreFlowTests {

	private static final Duration POLL = Duration.ofMillis(20);

	@Test
	void filesAreUploadedAFewAtATimeIndexedAsOneBatchAndSearched(MockOpenAIServer server) {
		List<UploadFile> files = new ArrayList<>();
		files.add(text("returns.txt", "Our return policy: items can be returned within 30 days for a full refund."));
		files.add(text("shipping.txt", "Shipping takes three to five business days within the country."));
		for (int i = 0; i < 5; i++) {
			files.add(text("note-" + i + ".txt", "An unrelated note about office plants number " + i + "."));
		}
		for (int i = 0; i < files.size(); i++) {
			server.enqueue("/v1/files", Fault.delayBeforeHeaders(Duration.ofMillis(150)));
		}
		try (TestClient client = TestClient.of(server)) {
			AsyncOpenAI openai = client.openai();
			String store = openai.vectorStores()
				.create(VectorStoreCreateParams.builder().name("support").build())
				.block(TestClient.TIMEOUT)
				.id();
			VectorStoreFileBatch batch = openai.vectorStores()
				.fileBatches()
				.uploadAndPoll(store, files, 3, POLL, TestClient.TIMEOUT)
				.block(TestClient.TIMEOUT);
			assertThat(batch.status()).isEqualTo("completed");
			assertThat(batch.fileCounts().completed()).isEqualTo(files.size());
			VectorStoreSearchResultsPage hits = openai.vectorStores()
				.search(store, VectorStoreSearchParams.builder().query("return policy refund").maxNumResults(3).build())
				.block(TestClient.TIMEOUT);
			assertThat(hits.data()).hasSizeLessThanOrEqualTo(3).isNotEmpty();
			assertThat(hits.data().get(0).filename()).isEqualTo("returns.txt");
		}
		List<RecordedRequest> uploads = server.requests()
			.stream()
			.filter((request) -> request.path().equals("/v1/files"))
			.toList();
		assertThat(uploads).hasSize(files.size())
			.allSatisfy((upload) -> assertThat(upload.part("purpose").text()).isEqualTo("assistants"));
		// Each upload is answered after 150 ms: uploads that arrive within 100 ms of each other ran at once.
		int atOnce = 0;
		for (RecordedRequest upload : uploads) {
			java.time.Instant start = upload.receivedAt();
			atOnce = Math.max(atOnce, (int) uploads.stream()
				.filter((other) -> !other.receivedAt().isBefore(start)
						&& other.receivedAt().isBefore(start.plusMillis(100)))
				.count());
		}
		assertThat(atOnce).as("uploads at once").isEqualTo(3);
		assertThat(server.requests().stream().filter((request) -> request.method().equals("GET")
				&& request.path().contains("/file_batches/"))).as("polls of the batch").isNotEmpty();
	}

	@Test
	void aFileAttachedToAStoreIsWaitedForUntilIndexed(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			AsyncOpenAI openai = client.openai();
			String store = openai.vectorStores().create(VectorStoreCreateParams.builder().build()).block(TestClient.TIMEOUT).id();
			VectorStoreFile indexed = openai.vectorStores()
				.files()
				.uploadAndPoll(store, text("faq.txt", "Frequently asked questions and their answers."))
				.block(TestClient.TIMEOUT);
			assertThat(indexed.status()).isEqualTo("completed");
			String binary = server.addFile("image.bin", "assistants", new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1 });
			VectorStoreFile failed = openai.vectorStores()
				.files()
				.createAndPoll(store, io.asyncopenai.models.vectorstores.files.VectorStoreFileCreateParams.builder()
					.fileId(binary)
					.build(), POLL, TestClient.TIMEOUT)
				.block(TestClient.TIMEOUT);
			assertThat(failed.status()).isEqualTo("failed");
			assertThat(failed.lastError()).isNotNull();
		}
		assertThat(server.requests()).filteredOn((request) -> request.method().equals("GET"))
			.extracting(RecordedRequest::path)
			.allMatch((path) -> path.contains("/files/"));
	}

	private static UploadFile text(String filename, String text) {
		return UploadFile.of(text.getBytes(StandardCharsets.UTF_8), filename);
	}

}
