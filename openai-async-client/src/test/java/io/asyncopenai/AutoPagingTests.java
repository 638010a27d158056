package io.asyncopenai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import io.asyncopenai.models.admin.organization.usage.UsageCompletionsParams;
import io.asyncopenai.models.admin.organization.usage.UsageTimeBucket;
import io.asyncopenai.models.files.FileListParams;
import io.asyncopenai.models.files.FileObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auto-paging on the wire: a list of 250 files served in pages of 20, and usage buckets paged by
 * the token each answer names, by a server that records every page it is asked for.
 */
class AutoPagingTests {

	private static final int FILES = 250;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<Map<String, List<String>>> pagesAskedFor = new CopyOnWriteArrayList<>();

	private DisposableServer server;

	private TestClient client;

	@BeforeEach
	void startAServerOf250Files() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).route((routes) -> routes.get("/v1/files",
				(request, response) -> {
					Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
					this.pagesAskedFor.add(query);
					return response.header("Content-Type", "application/json").sendString(Mono.just(page(query)));
				}).get("/v1/organization/usage/completions", (request, response) -> {
					Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
					this.pagesAskedFor.add(query);
					return response.header("Content-Type", "application/json").sendString(Mono.just(usagePage(query)));
				}))
			.bindNow();
		this.client = TestClient.of("http://127.0.0.1:" + this.server.port() + "/v1", UnaryOperator.identity(),
				UnaryOperator.identity());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.disposeNow();
	}

	@Test
	void everyItemArrivesInOrderAndPagingStopsWhenThereIsNoMore() {
		List<String> ids = this.client.openai()
			.files()
			.list(FileListParams.builder().limit(20L).build())
			.map(FileObject::id)
			.collectList()
			.block(TIMEOUT);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < FILES; i++) {
			expected.add(id(i));
		}
		assertThat(ids).containsExactlyElementsOf(expected);
		assertThat(this.pagesAskedFor).hasSize(13);
		assertThat(this.pagesAskedFor.get(0)).doesNotContainKey("after").containsEntry("limit", List.of("20"));
		assertThat(this.pagesAskedFor.get(1)).containsEntry("after", List.of(id(19)));
		assertThat(this.pagesAskedFor.get(12)).containsEntry("after", List.of(id(239)));
	}

	@Test
	void theNextPageIsAskedForOnlyOnceThePageBeforeItIsConsumed() {
		StepVerifier.create(this.client.openai().files().list(FileListParams.builder().limit(20L).build()), 0)
			.thenRequest(19)
			.expectNextCount(19)
			.then(() -> assertThat(this.pagesAskedFor).hasSize(1))
			.thenRequest(1)
			.expectNextCount(1)
			.thenRequest(19)
			.expectNextCount(19)
			.then(() -> assertThat(this.pagesAskedFor).hasSize(2))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void takingFiveItemsAsksForOnePage() {
		List<FileObject> five = this.client.openai()
			.files()
			.list(FileListParams.builder().limit(20L).build())
			.take(5)
			.collectList()
			.block(TIMEOUT);
		assertThat(five).hasSize(5);
		assertThat(this.pagesAskedFor).hasSize(1);
	}

	@Test
	void aListCanStartAfterAGivenCursor() {
		List<String> ids = this.client.openai()
			.files()
			.list(FileListParams.builder().limit(20L).after(id(229)).build())
			.map(FileObject::id)
			.collectList()
			.block(TIMEOUT);
		assertThat(ids).hasSize(20).startsWith(id(230)).endsWith(id(249));
		assertThat(this.pagesAskedFor).hasSize(1);
	}

	@Test
	void onePageCanBeReadWithItsCursors() {
		var page = this.client.openai().files().listPage(FileListParams.builder().limit(20L).build()).block(TIMEOUT);
		assertThat(page.data()).hasSize(20);
		assertThat(page.hasMore()).isTrue();
		assertThat(page.firstId()).isEqualTo(id(0));
		assertThat(page.lastId()).isEqualTo(id(19));
	}

	@Test
	void usageIsPagedByTheNextPageTokenTheAnswerNames() {
		List<Long> starts = this.client.openai()
			.admin()
			.organization()
			.usage()
			.completions(UsageCompletionsParams.builder().startTime(1_700_000_000L).build())
			.map(UsageTimeBucket::startTime)
			.collectList()
			.block(TIMEOUT);
		assertThat(starts).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
		assertThat(this.pagesAskedFor).hasSize(3);
		assertThat(this.pagesAskedFor.get(0)).doesNotContainKey("page").containsEntry("start_time", List.of("1700000000"));
		assertThat(this.pagesAskedFor.get(1)).containsEntry("page", List.of("page_2"));
		assertThat(this.pagesAskedFor.get(2)).containsEntry("page", List.of("page_3"));
	}

	/** Three pages of two day buckets each; each page but the last names the next one's token. */
	private static String usagePage(Map<String, List<String>> query) {
		int page = query.containsKey("page") ? Integer.parseInt(query.get("page").get(0).substring(5)) : 1;
		StringBuilder data = new StringBuilder();
		for (int i = (page - 1) * 2; i < page * 2; i++) {
			data.append((data.length() > 0) ? "," : "")
				.append("{\"object\":\"bucket\",\"start_time\":")
				.append(i)
				.append(",\"end_time\":")
				.append(i + 1)
				.append(",\"results\":[]}");
		}
		String next = (page < 3) ? "\"page_" + (page + 1) + "\"" : "null";
		return "{\"object\":\"page\",\"data\":[" + data + "],\"has_more\":" + (page < 3) + ",\"next_page\":" + next + "}";
	}

	private static String page(Map<String, List<String>> query) {
		int limit = Integer.parseInt(query.getOrDefault("limit", List.of("10000")).get(0));
		int start = query.containsKey("after") ? Integer.parseInt(query.get("after").get(0).substring(5)) + 1 : 0;
		int end = Math.min(FILES, start + limit);
		StringBuilder data = new StringBuilder();
		for (int i = start; i < end; i++) {
			data.append((i > start) ? "," : "")
				.append("{\"id\":\"")
				.append(id(i))
				.append("\",\"object\":\"file\",\"bytes\":")
				.append(i)
				.append(",\"created_at\":1700000000,\"filename\":\"f")
				.append(i)
				.append(".jsonl\",\"purpose\":\"batch\",\"status\":\"processed\"}");
		}
		return "{\"object\":\"list\",\"data\":[" + data + "],\"first_id\":\"" + id(start) + "\",\"last_id\":\""
				+ id(end - 1) + "\",\"has_more\":" + (end < FILES) + "}";
	}

	private static String id(int index) {
		return String.format("file-%03d", index);
	}

}
