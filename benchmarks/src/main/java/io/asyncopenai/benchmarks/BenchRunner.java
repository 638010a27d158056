package io.asyncopenai.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one client on one workload in a closed loop: C chains, each starting its next request
 * when the previous one ends; a warm-up, then a measured phase whose process CPU time,
 * requests, latencies, memory and server connections it prints as one CSV line.
 */
public final class BenchRunner {

	/** The columns of {@link Result#csv()}. */
	public static final String CSV_HEADER = "client,workload,concurrency,requests,seconds,requests_per_second,"
			+ "cpu_ms_per_request,p50_ms,p99_ms,peak_rss_mb,heap_after_gc_mb,connections,errors,threads";

	/** How long idle streams may take to open before those still waiting count as errors. */
	private static final Duration IDLE_OPEN_TIMEOUT = Duration.ofSeconds(120);

	private BenchRunner() {
	}

	/**
	 * The result of one run. For {@link Workload#IDLE_STREAMS} (no warm-up, no measured time)
	 * the requests are the streams
	 * that were open at once, the seconds the time to open them, the latencies the time to
	 * each stream's first event, and the heap is measured while they are all open.
	 */
	public record Result(String client, Workload workload, int concurrency, long requests, double seconds,
			double cpuMillisPerRequest, double p50Millis, double p99Millis, double peakRssMegabytes,
			double heapAfterGcMegabytes, long connections, long errors, int peakThreads) {

		public double requestsPerSecond() {
			return this.requests / this.seconds;
		}

		public String csv() {
			return String.format(Locale.ROOT, "%s,%s,%d,%d,%.2f,%.1f,%.4f,%.3f,%.3f,%.1f,%.1f,%d,%d,%d", this.client,
					this.workload, this.concurrency, this.requests, this.seconds, requestsPerSecond(),
					this.cpuMillisPerRequest, this.p50Millis, this.p99Millis, this.peakRssMegabytes,
					this.heapAfterGcMegabytes, this.connections, this.errors, this.peakThreads);
		}

	}

	/**
	 * Runs a client.
	 * @param clientName the client
	 * @param baseUrl the server's base URL
	 * @param workload the workload
	 * @param concurrency the chains in the closed loop
	 * @param warmup the warm-up time
	 * @param measured the measured time
	 * @return the result of the measured phase
	 */
	public static Result run(String clientName, String baseUrl, Workload workload, int concurrency, Duration warmup,
			Duration measured) {
		if (workload == Workload.IDLE_STREAMS) {
			return idle(clientName, baseUrl, concurrency);
		}
		try (BenchClient client = BenchClient.create(clientName, baseUrl, workload, concurrency)) {
			loop(client, concurrency, warmup, new Recorder(3), new AtomicLong(), new AtomicLong());
			long connectionsBefore = serverConnections(baseUrl);
			Recorder latencies = new Recorder(3);
			AtomicLong requests = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			loop(client, concurrency, measured, latencies, requests, errors);
			double seconds = (System.nanoTime() - start) / 1e9;
			long cpu = processCpuNanos() - cpuStart;
			long connections = connectionsSince(baseUrl, connectionsBefore);
			return result(clientName, workload, concurrency, requests.get(), seconds, cpu, latencies, connections,
					errors.get());
		}
	}

	/**
	 * Opens C streams at once that the server holds open after their first event, waits
	 * until each has its first event (or failed), and measures the heap while they are open.
	 */
	private static Result idle(String clientName, String baseUrl, int streams) {
		try (BenchClient client = BenchClient.create(clientName, baseUrl, Workload.IDLE_STREAMS, streams)) {
			long connectionsBefore = serverConnections(baseUrl);
			Recorder latencies = new Recorder(3);
			AtomicLong open = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			CountDownLatch settled = new CountDownLatch(streams);
			Disposable.Composite subscriptions = Disposables.composite();
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			for (int i = 0; i < streams; i++) {
				long started = System.nanoTime();
				AtomicBoolean first = new AtomicBoolean();
				subscriptions.add(client.stream().subscribe((event) -> {
					if (first.compareAndSet(false, true)) {
						latencies.recordValue(System.nanoTime() - started);
						open.incrementAndGet();
						settled.countDown();
					}
				}, (failure) -> {
					errors.incrementAndGet();
					if (first.compareAndSet(false, true)) {
						settled.countDown();
					}
				}));
			}
			try {
				settled.await(IDLE_OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long cpu = processCpuNanos() - cpuStart;
			long connections = connectionsSince(baseUrl, connectionsBefore);
			// Failed streams and those still waiting for their first event both count as errors.
			Result result = result(clientName, Workload.IDLE_STREAMS, streams, open.get(), seconds, cpu, latencies,
					connections, errors.get() + settled.getCount());
			subscriptions.dispose();
			return result;
		}
	}

	private static Result result(String clientName, Workload workload, int concurrency, long requests,
			double seconds, long cpuNanos, Recorder latencies, long connections, long errors) {
		var histogram = latencies.getIntervalHistogram();
		System.gc();
		double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
		return new Result(clientName, workload, concurrency, requests, seconds,
				(requests > 0) ? cpuNanos / 1e6 / requests : 0, histogram.getValueAtPercentile(50) / 1e6,
				histogram.getValueAtPercentile(99) / 1e6, peakRssMegabytes(), heap, connections, errors,
				ManagementFactory.getThreadMXBean().getPeakThreadCount());
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static void loop(BenchClient client, int concurrency, Duration duration, Recorder latencies,
			AtomicLong requests, AtomicLong errors) {
		long deadline = System.nanoTime() + duration.toNanos();
		Flux.range(0, concurrency)
			.flatMap((chain) -> Mono.defer(() -> {
				long started = System.nanoTime();
				return client.call().doOnNext((value) -> {
					latencies.recordValue(System.nanoTime() - started);
					requests.incrementAndGet();
				}).onErrorResume((error) -> {
					errors.incrementAndGet();
					return Mono.empty();
				}).then();
			}).repeat(() -> System.nanoTime() < deadline), concurrency)
			.blockLast(duration.plusSeconds(60));
	}

	/** Connections the server accepted since a count, leaving out the one that asks for this count. */
	private static long connectionsSince(String baseUrl, long before) {
		return serverConnections(baseUrl) - 1 - before;
	}

	private static long serverConnections(String baseUrl) {
		try {
			String stats = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(baseUrl.replace("/v1", "/stats"))).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			return Long.parseLong(stats.replaceAll("[^0-9]", ""));
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** The peak resident set size of this process ({@code VmHWM}), in MB; 0 where unknown. */
	static double peakRssMegabytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException ex) {
			// Not Linux: no figure.
		}
		return 0;
	}

	/**
	 * Runs one client and prints its CSV line.
	 * @param args client, base URL, workload, concurrency, warm-up seconds, measured seconds;
	 * or {@code --csv-header} for the header of the lines it prints
	 */
	public static void main(String[] args) {
		if (args.length == 1 && args[0].equals("--csv-header")) {
			System.out.println(CSV_HEADER);
			return;
		}
		if (args.length != 6) {
			System.err.println("Usage: BenchRunner CLIENT BASE_URL WORKLOAD CONCURRENCY WARMUP_SECONDS MEASURED_SECONDS");
			System.exit(2);
		}
		Result result = run(args[0], args[1], Workload.valueOf(args[2]), Integer.parseInt(args[3]),
				Duration.ofSeconds(Long.parseLong(args[4])), Duration.ofSeconds(Long.parseLong(args[5])));
		System.out.println(result.csv());
		System.exit(0);
	}

}
