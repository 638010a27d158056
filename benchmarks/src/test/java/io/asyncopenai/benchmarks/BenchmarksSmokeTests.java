package io.asyncopenai.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs each benchmark client briefly against the benchmark server, so that the benchmark
 * code cannot rot; the figures themselves come from {@code benchmarks/run.sh}.
 */
class BenchmarksSmokeTests {

	private static BenchServer server;

	@BeforeAll
	static void startServer() {
		server = BenchServer.start(0);
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	static List<Arguments> runs() {
		return List.of(Arguments.of("floor", Workload.CHAT), Arguments.of("floor-jackson", Workload.CHAT),
				Arguments.of("webclient-jackson", Workload.CHAT), Arguments.of("asyncopenai", Workload.CHAT),
				Arguments.of("openai-java", Workload.CHAT),
				Arguments.of("openai-java-best", Workload.CHAT), Arguments.of("floor", Workload.STREAM_LARGE),
				Arguments.of("floor-jackson", Workload.STREAM_TOKEN), Arguments.of("webclient-jackson", Workload.STREAM_TOKEN),
				Arguments.of("asyncopenai", Workload.STREAM_TOKEN), Arguments.of("webclient-jackson", Workload.STREAM_LARGE),
				Arguments.of("asyncopenai", Workload.STREAM_LARGE), Arguments.of("openai-java-best", Workload.STREAM_TOKEN),
				Arguments.of("floor-jackson", Workload.EMBED_BASE64), Arguments.of("asyncopenai", Workload.EMBED_BASE64),
				Arguments.of("asyncopenai", Workload.EMBED_FLOAT), Arguments.of("openai-java-best", Workload.EMBED_FLOAT),
				Arguments.of("floor-jackson", Workload.IDLE_STREAMS), Arguments.of("asyncopenai", Workload.IDLE_STREAMS),
				Arguments.of("openai-java-best", Workload.IDLE_STREAMS), Arguments.of("floor", Workload.UPLOAD),
				Arguments.of("floor-jackson", Workload.UPLOAD), Arguments.of("asyncopenai", Workload.UPLOAD),
				Arguments.of("openai-java-best", Workload.UPLOAD), Arguments.of("floor", Workload.DOWNLOAD),
				Arguments.of("asyncopenai", Workload.DOWNLOAD), Arguments.of("openai-java-best", Workload.DOWNLOAD));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("runs")
	void clientCompletesRequestsWithoutErrors(String client, Workload workload) {
		BenchRunner.Result result = BenchRunner.run(client, server.baseUrl(), workload, 8, Duration.ofMillis(200),
				Duration.ofMillis(800));
		assertThat(result.errors()).isZero();
		assertThat(result.requests()).isPositive();
		assertThat(result.cpuMillisPerRequest()).isPositive();
		if (workload == Workload.IDLE_STREAMS) {
			assertThat(result.requests()).as("streams open at once").isEqualTo(8);
		}
		if (!client.equals("openai-java")) {
			// The official SDK's defaults keep only 5 idle connections, so it reopens some.
			assertThat(result.connections()).isLessThanOrEqualTo(8);
		}
		assertThat(result.csv().split(",")).hasSize(BenchRunner.CSV_HEADER.split(",").length);
	}

	@Test
	void aWarmUpThatWaitsForTheCompilerIsReportedWithTheCompilerShareOfTheMeasuredPhase() {
		BenchRunner.Result result = BenchRunner.run("floor-jackson", server.baseUrl(), Workload.STREAM_TOKEN, 8,
				Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofMillis(500));
		assertThat(result.errors()).isZero();
		assertThat(result.warmupSeconds()).isBetween(0.2, 3.0);
		assertThat(result.jitPercent()).isNotNegative();
		List<String> lines = List.of(BenchRunner.CSV_HEADER + ",server_cpu_pct", result.csv() + ",42.0");
		assertThat(BenchReport.table(lines).lines().toList().get(2))
			.startsWith("| STREAM_TOKEN | 8 | floor-jackson | ")
			.endsWith(String.format(Locale.ROOT, " | %.0f | %.1f | 42 | 1 |", result.warmupSeconds(), result.jitPercent()));
	}

	@Test
	void resultsWithoutTheWarmUpColumnsLeaveThemEmpty() {
		List<String> lines = List.of(
				"client,workload,concurrency,requests,seconds,requests_per_second,cpu_ms_per_request,p50_ms,p99_ms,"
						+ "peak_rss_mb,heap_after_gc_mb,connections,errors,threads,server_cpu_pct",
				"floor-jackson,CHAT,64,1000,5.00,200.0,0.0210,0.590,8.670,436.0,19.0,0,0,17,35.0");
		assertThat(BenchReport.table(lines).lines().toList().get(2))
			.isEqualTo("| CHAT | 64 | floor-jackson | 0.021 (0.021–0.021) | 1.00 | 200 (200–200) | 1.00 | 0.59 | 8.67 "
					+ "| 436 | 19 | 0 | 0 | 17 |  |  | 35 | 1 |");
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("transfers")
	void transferReportsTheFileSize(String client, Workload workload) {
		// The server counts an upload's file in its answer, a download is counted as it is read.
		try (BenchClient bench = BenchClient.create(client, server.baseUrl(), workload, 2)) {
			assertThat(bench.call().block(Duration.ofSeconds(30))).isEqualTo((long) Payloads.FILE_SIZE);
		}
	}

	static List<Arguments> transfers() {
		return List.of("floor-jackson", "asyncopenai", "openai-java", "openai-java-best")
			.stream()
			.flatMap((client) -> List.of(Arguments.of(client, Workload.UPLOAD), Arguments.of(client, Workload.DOWNLOAD))
				.stream())
			.toList();
	}

	@Test
	void realtimeHoldsConnectionsAndCountsTheirDeltas() {
		BenchRunner.RealtimeResult realtime = BenchRunner.realtime("asyncopenai", server.baseUrl(), 8,
				Duration.ofSeconds(2));
		assertThat(realtime.failures()).isEmpty();
		assertThat(realtime.openAtEnd()).isEqualTo(8);
		assertThat(realtime.deltasExpected()).isEqualTo(16);
		// Each connection's beat starts at its own open: a second's slack each.
		assertThat(realtime.deltasReceived()).isBetween(8L, 24L);
		assertThat(realtime.fewestDeltas()).isPositive();
		assertThat(realtime.openAfterClose()).isZero();
		assertThat(realtime.threadsHolding()).isPositive();
		assertThat(realtime.heapPeakMegabytes()).isPositive();
		assertThat(realtime.result().errors()).isZero();
		assertThat(realtime.result().requests()).isEqualTo(realtime.deltasReceived());
		assertThat(realtime.result().csv().split(",")).hasSize(BenchRunner.CSV_HEADER.split(",").length);
		assertThat(realtime.csv().split(",")).hasSize(BenchRunner.RealtimeResult.CSV_HEADER.split(",").length);
		assertThat(BenchReport.realtime(List.of(BenchRunner.RealtimeResult.CSV_HEADER, realtime.csv())).lines())
			.hasSize(3)
			.last()
			.asString()
			.startsWith("| asyncopenai | 8 | 2 | ")
			.contains(" / 16 | ")
			.endsWith(", 0 | 0 |");
	}

	@Test
	void realtimeFailsWhenTheDeltasDoNotCome() {
		// The mock opens Realtime sessions as the API does, and sends nothing until asked.
		try (MockOpenAIServer mock = MockOpenAIServer.builder().apiKeyRequired(false).start()) {
			BenchRunner.RealtimeResult realtime = BenchRunner.realtime("asyncopenai", mock.baseUrl(), 2,
					Duration.ofSeconds(2));
			assertThat(realtime.openAtEnd()).isEqualTo(2);
			assertThat(realtime.deltasReceived()).isZero();
			assertThat(realtime.failures()).singleElement().asString().startsWith("too few deltas: 0 received of 4");
		}
	}

	@Test
	void realtimeFailsWhenConnectionsCannotOpen() {
		BenchRunner.RealtimeResult realtime = BenchRunner.realtime("asyncopenai", server.baseUrl() + "/missing", 2,
				Duration.ofSeconds(1));
		assertThat(realtime.result().errors()).isEqualTo(2);
		assertThat(realtime.failures()).first().asString().startsWith("2 of 2 connections failed or ended early");
	}

	@Test
	void realtimeRunsOnAsyncOpenAIOnly() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchClient.create("openai-java", server.baseUrl(), Workload.REALTIME, 1))
			.withMessageContaining("openai-java has no realtime");
	}

}
