package io.asyncopenai.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.models.realtime.RealtimeServerEventResponseTextDelta;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.services.realtime.RealtimeConnection;

/**
 * Runs one client on one workload in a closed loop: C chains, each starting its next request
 * when the previous one ends; a warm-up until the JIT compiler is done with the client (see
 * {@link WarmUp}), then a measured phase whose process CPU time, requests, latencies, memory,
 * server connections and compiler time it prints as one CSV line.
 */
public final class BenchRunner {

	/** The columns of {@link Result#csv()}. */
	public static final String CSV_HEADER = "client,workload,concurrency,requests,seconds,requests_per_second,"
			+ "cpu_ms_per_request,p50_ms,p99_ms,peak_rss_mb,heap_after_gc_mb,connections,errors,threads,warmup_s,jit_pct";

	/** How long idle streams may take to open before those still waiting count as errors. */
	private static final Duration IDLE_OPEN_TIMEOUT = Duration.ofSeconds(120);

	/** How long closing every Realtime connection may take before the run fails. */
	private static final Duration REALTIME_CLOSE_TIMEOUT = Duration.ofSeconds(60);

	/** What {@link #main(String[])} prints before a REALTIME run's own CSV line. */
	static final String REALTIME_LINE_PREFIX = "realtime:";

	private BenchRunner() {
	}

	/**
	 * The result of one run. For {@link Workload#IDLE_STREAMS} (no warm-up, no measured time)
	 * the requests are the streams
	 * that were open at once, the seconds the time to open them, the latencies the time to
	 * each stream's first event, and the heap is measured while they are all open. For
	 * {@link Workload#REALTIME} (no warm-up) the requests are the deltas received while the
	 * connections were held, the seconds the hold, the CPU the hold's per delta, the latencies
	 * the time to each connection's {@code session.created}, the heap measured at the end of
	 * the hold, and the errors the connections that failed; {@link RealtimeResult} has the rest.
	 * The warm-up is how long the client ran before the measured phase, and the JIT share the
	 * time the compiler took during the measured phase, in percent of its length.
	 */
	public record Result(String client, Workload workload, int concurrency, long requests, double seconds,
			double cpuMillisPerRequest, double p50Millis, double p99Millis, double peakRssMegabytes,
			double heapAfterGcMegabytes, long connections, long errors, int peakThreads, double warmupSeconds,
			double jitPercent) {

		public double requestsPerSecond() {
			return this.requests / this.seconds;
		}

		public String csv() {
			return String.format(Locale.ROOT, "%s,%s,%d,%d,%.2f,%.1f,%.4f,%.3f,%.3f,%.1f,%.1f,%d,%d,%d,%.0f,%.1f",
					this.client, this.workload, this.concurrency, this.requests, this.seconds, requestsPerSecond(),
					this.cpuMillisPerRequest, this.p50Millis, this.p99Millis, this.peakRssMegabytes,
					this.heapAfterGcMegabytes, this.connections, this.errors, this.peakThreads, this.warmupSeconds,
					this.jitPercent);
		}

	}

	/**
	 * The figures of a REALTIME run, beyond those of its {@link Result} row, and what failed.
	 * Heap figures are of the heap used, in MB; threads are live threads (daemons included);
	 * CPU is the process's.
	 * @param result the run's row in the common format
	 * @param connections the connections asked for
	 * @param holdSeconds how long they were held, once all were open
	 * @param openSeconds the time from the first connect to the last {@code session.created}
	 * @param openAtEnd the transport's open WebSocket connections at the end of the hold
	 * @param deltasReceived the deltas received during the hold, all connections together
	 * @param deltasExpected one a second per connection over the hold
	 * @param fewestDeltas the fewest deltas one connection received during the hold
	 * @param heapBeforeMegabytes the heap after a GC, before opening
	 * @param heapPeakMegabytes the highest heap sampled, once a second, during the hold
	 * @param heapAfterGcMegabytes the heap after a GC at the end of the hold, all still open
	 * @param heapMaxMegabytes the heap's limit ({@code -Xmx})
	 * @param threadsBefore the live threads before opening, the client built
	 * @param threadsHolding the most live threads sampled during the hold
	 * @param cpuOpenMillis the CPU time of opening every connection
	 * @param cpuHoldMillis the CPU time of the hold
	 * @param openAfterClose the transport's open WebSocket connections once all were closed
	 * @param closeSeconds the time to close every connection
	 * @param threadNamesBefore the live threads before opening, by name less its number
	 * ("reactor-http-epoll ×4")
	 * @param threadNames the live threads at the end of the hold, likewise
	 * @param failures why the run failed; empty if it did not
	 */
	public record RealtimeResult(Result result, int connections, double holdSeconds, double openSeconds,
			int openAtEnd, long deltasReceived, long deltasExpected, long fewestDeltas, double heapBeforeMegabytes,
			double heapPeakMegabytes, double heapAfterGcMegabytes, double heapMaxMegabytes, int threadsBefore,
			int threadsHolding, double cpuOpenMillis, double cpuHoldMillis, int openAfterClose, double closeSeconds,
			String threadNamesBefore, String threadNames, List<String> failures) {

		/** The columns of {@link #csv()}. */
		public static final String CSV_HEADER = "client,connections,hold_seconds,open_seconds,open_p50_ms,open_p99_ms,"
				+ "open_at_end,deltas_received,deltas_expected,fewest_deltas,heap_before_mb,heap_peak_mb,"
				+ "heap_after_gc_mb,heap_max_mb,peak_rss_mb,threads_before,threads_holding,peak_threads,cpu_open_ms,"
				+ "cpu_hold_ms,cpu_hold_pct,open_after_close,close_seconds,errors";

		/** The hold's CPU time as a share of one core, in percent. */
		public double cpuHoldPercent() {
			return (this.holdSeconds > 0) ? this.cpuHoldMillis / 10 / this.holdSeconds : 0;
		}

		public String csv() {
			return String.format(Locale.ROOT,
					"%s,%d,%.2f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%.1f,%.1f,%.1f,%.0f,%.1f,%d,%d,%d,%.0f,%.0f,%.2f,%d,%.3f,%d",
					this.result.client(), this.connections, this.holdSeconds, this.openSeconds, this.result.p50Millis(),
					this.result.p99Millis(), this.openAtEnd, this.deltasReceived, this.deltasExpected, this.fewestDeltas,
					this.heapBeforeMegabytes, this.heapPeakMegabytes, this.heapAfterGcMegabytes, this.heapMaxMegabytes,
					this.result.peakRssMegabytes(), this.threadsBefore, this.threadsHolding, this.result.peakThreads(),
					this.cpuOpenMillis, this.cpuHoldMillis, cpuHoldPercent(), this.openAfterClose, this.closeSeconds,
					this.result.errors());
		}

		/** The figures in a few lines, for a person reading the run's output. */
		public String summary() {
			return String.format(Locale.ROOT, "REALTIME %s: %d connections open in %.2f s (session.created p50 %.0f ms, "
					+ "p99 %.0f ms), held %.1f s with %d open at the end%n"
					+ "  deltas: %d received of %d expected, fewest on one connection %d%n"
					+ "  heap used: %.1f MB before, peak %.1f MB while holding, %.1f MB after GC at the end "
					+ "(limit %.0f MB); peak RSS %.0f MB%n"
					+ "  threads: %d before opening, %d at most while holding, %d peak%n"
					+ "    before opening: %s%n"
					+ "    at the end of the hold: %s%n"
					+ "  CPU: %.0f ms to open, %.0f ms to hold (%.1f %% of a core)%n"
					+ "  closed in %.2f s, %d open after; %d connection(s) failed%n", this.result.client(),
					this.connections, this.openSeconds, this.result.p50Millis(), this.result.p99Millis(), this.holdSeconds,
					this.openAtEnd, this.deltasReceived, this.deltasExpected, this.fewestDeltas, this.heapBeforeMegabytes,
					this.heapPeakMegabytes, this.heapAfterGcMegabytes, this.heapMaxMegabytes,
					this.result.peakRssMegabytes(), this.threadsBefore, this.threadsHolding, this.result.peakThreads(),
					this.threadNamesBefore, this.threadNames, this.cpuOpenMillis, this.cpuHoldMillis, cpuHoldPercent(),
					this.closeSeconds, this.openAfterClose, this.result.errors());
		}

	}

	/**
	 * Runs a client after a fixed warm-up.
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
		return run(clientName, baseUrl, workload, concurrency, warmup, warmup, measured);
	}

	/**
	 * Runs a client after a warm-up that lasts until the JIT compiler is quiet (see
	 * {@link WarmUp}).
	 * @param clientName the client
	 * @param baseUrl the server's base URL
	 * @param workload the workload
	 * @param concurrency the chains in the closed loop
	 * @param warmup the shortest warm-up
	 * @param maxWarmup the longest warm-up, whether the compiler is quiet by then or not
	 * @param measured the measured time
	 * @return the result of the measured phase
	 */
	public static Result run(String clientName, String baseUrl, Workload workload, int concurrency, Duration warmup,
			Duration maxWarmup, Duration measured) {
		if (workload == Workload.IDLE_STREAMS) {
			return idle(clientName, baseUrl, concurrency);
		}
		if (workload == Workload.REALTIME) {
			return realtime(clientName, baseUrl, concurrency, measured).result();
		}
		try (BenchClient client = BenchClient.create(clientName, baseUrl, workload, concurrency)) {
			// Asked once before the warm-up as well, so that the JDK's HTTP client is loaded then:
			// loading its classes between the warm-up and the measured phase would send compiled
			// code back to the compiler.
			serverConnections(baseUrl);
			Duration warmedUp = new WarmUp(warmup, maxWarmup, WarmUp::jitMillis).run(
					(slice) -> loop(client, concurrency, slice, new Recorder(3), new AtomicLong(), new AtomicLong()));
			long connectionsBefore = serverConnections(baseUrl);
			Recorder latencies = new Recorder(3);
			AtomicLong requests = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			long jitStart = WarmUp.jitMillis();
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			loop(client, concurrency, measured, latencies, requests, errors);
			double seconds = (System.nanoTime() - start) / 1e9;
			long cpu = processCpuNanos() - cpuStart;
			double jitPercent = (WarmUp.jitMillis() - jitStart) / 10.0 / seconds;
			long connections = connectionsSince(baseUrl, connectionsBefore);
			return result(clientName, workload, concurrency, requests.get(), seconds, cpu, latencies, connections,
					errors.get(), warmedUp.toMillis() / 1000.0, jitPercent);
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
					connections, errors.get() + settled.getCount(), 0, 0);
			subscriptions.dispose();
			return result;
		}
	}

	/**
	 * Opens C Realtime connections at once on one client, counts each one's deltas, holds them
	 * for a time while sampling the heap and the threads once a second, then closes them all.
	 * The run fails (see {@link RealtimeResult#failures()}) if a connection fails to open or
	 * ends before the close, if any connection or all of them together received fewer deltas
	 * than one a second (less the first second, as each connection's beat starts at its own
	 * open), or if a connection is left open after the close.
	 * @param clientName the client, {@code asyncopenai}: no other has a realtime client
	 * @param baseUrl the server's base URL
	 * @param connections the connections held at once
	 * @param hold how long to hold them, once all are open
	 * @return the figures
	 */
	static RealtimeResult realtime(String clientName, String baseUrl, int connections, Duration hold) {
		try (BenchClient bench = BenchClient.create(clientName, baseUrl, Workload.REALTIME, connections)) {
			AsyncOpenAIClient client = (AsyncOpenAIClient) bench;
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			// Counted before asking the server for its count: the JDK client that asks starts a
			// thread of its own, which outlives the question by a little.
			int threadsBefore = threads.getThreadCount();
			String threadNamesBefore = threadNames();
			long connectionsBefore = serverConnections(baseUrl);
			System.gc();
			double heapBefore = heapUsedMegabytes();

			AtomicReferenceArray<RealtimeConnection> opened = new AtomicReferenceArray<>(connections);
			// Written on the event loops, read here at the start and at the end of the hold.
			AtomicLongArray deltas = new AtomicLongArray(connections);
			AtomicInteger failed = new AtomicInteger();
			Queue<String> failureMessages = new ConcurrentLinkedQueue<>();
			AtomicBoolean closing = new AtomicBoolean();
			CountDownLatch settled = new CountDownLatch(connections);
			Recorder latencies = new Recorder(3);
			Disposable.Composite subscriptions = Disposables.composite();
			// Open: all at once, each settled by its session.created or its failure.
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			for (int i = 0; i < connections; i++) {
				int index = i;
				long started = System.nanoTime();
				AtomicBoolean first = new AtomicBoolean();
				Runnable settle = () -> {
					if (first.compareAndSet(false, true)) {
						settled.countDown();
					}
				};
				subscriptions.add(client.connectRealtime().subscribe((connection) -> {
					opened.set(index, connection);
					subscriptions.add(connection.events().subscribe((event) -> {
						if (event instanceof RealtimeServerEventResponseTextDelta) {
							deltas.incrementAndGet(index);
						}
						else if (event instanceof RealtimeServerEventSessionCreated && !first.get()) {
							latencies.recordValue(System.nanoTime() - started);
							settle.run();
						}
					}, (failure) -> {
						fail(failed, failureMessages, "connection " + index + " failed: " + failure);
						settle.run();
					}, () -> {
						// The events end normally only after our close: anything earlier is a failure.
						if (!closing.get()) {
							fail(failed, failureMessages, "connection " + index + " ended before the close ("
									+ connection.closeStatus() + ")");
						}
						settle.run();
					}));
				}, (failure) -> {
					fail(failed, failureMessages, "connection " + index + " did not open: " + failure);
					settle.run();
				}));
			}
			await(settled, IDLE_OPEN_TIMEOUT);
			double openSeconds = (System.nanoTime() - start) / 1e9;
			long cpuOpened = processCpuNanos();

			// Hold: the deltas counted are those that arrive from here to the deadline.
			long[] deltasBefore = snapshot(deltas);
			double heapPeak = heapUsedMegabytes();
			int threadsHolding = threads.getThreadCount();
			long holdStart = System.nanoTime();
			long deadline = holdStart + hold.toNanos();
			for (long now = holdStart; now < deadline; now = System.nanoTime()) {
				// Sampled once a second: this thread sleeps, nothing else of the benchmark runs.
				sleep(Math.min(TimeUnit.SECONDS.toNanos(1), deadline - now));
				heapPeak = Math.max(heapPeak, heapUsedMegabytes());
				threadsHolding = Math.max(threadsHolding, threads.getThreadCount());
			}
			double holdSeconds = (System.nanoTime() - holdStart) / 1e9;
			long cpuHeld = processCpuNanos();
			long[] deltasAfter = snapshot(deltas);
			int openAtEnd = client.openWebSockets();
			String threadNames = threadNames();
			long accepted = connectionsSince(baseUrl, connectionsBefore);
			System.gc();
			double heapAfterGc = heapUsedMegabytes();

			// Close: every connection normally, then wait for the transport to count none open.
			closing.set(true);
			long closeStart = System.nanoTime();
			List<RealtimeConnection> toClose = new ArrayList<>();
			for (int i = 0; i < connections; i++) {
				RealtimeConnection connection = opened.get(i);
				if (connection != null) {
					toClose.add(connection);
				}
			}
			List<String> failures = new ArrayList<>();
			try {
				Flux.fromIterable(toClose)
					.flatMap(RealtimeConnection::close, connections)
					.then()
					.block(REALTIME_CLOSE_TIMEOUT);
			}
			catch (RuntimeException ex) {
				failures.add("closing the connections failed: " + ex);
			}
			// The close completes on the close frame; the channel itself goes a moment later.
			long closeDeadline = System.nanoTime() + REALTIME_CLOSE_TIMEOUT.toNanos();
			while (client.openWebSockets() > 0 && System.nanoTime() < closeDeadline) {
				sleep(TimeUnit.MILLISECONDS.toNanos(10));
			}
			double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
			int openAfterClose = client.openWebSockets();
			subscriptions.dispose();

			long received = 0;
			long fewest = Long.MAX_VALUE;
			for (int i = 0; i < connections; i++) {
				long count = deltasAfter[i] - deltasBefore[i];
				received += count;
				fewest = Math.min(fewest, count);
			}
			long perConnection = hold.toSeconds();
			long expected = perConnection * connections;
			long errors = failed.get() + settled.getCount();
			if (failed.get() > 0) {
				failures.add(failed.get() + " of " + connections + " connections failed or ended early; first: "
						+ failureMessages.peek());
			}
			if (settled.getCount() > 0) {
				failures.add(settled.getCount() + " of " + connections + " connections had no session.created within "
						+ IDLE_OPEN_TIMEOUT.toSeconds() + " s");
			}
			if (openAtEnd != connections) {
				failures.add(openAtEnd + " of " + connections + " connections were open at the end of the hold");
			}
			long least = Math.max(0, perConnection - 1);
			if (received < least * connections || fewest < least) {
				failures.add("too few deltas: " + received + " received of " + expected + " expected (at least "
						+ least * connections + "), the fewest on one connection " + fewest + " (at least " + least + ")");
			}
			if (openAfterClose != 0) {
				failures.add(openAfterClose + " connections were still open " + REALTIME_CLOSE_TIMEOUT.toSeconds()
						+ " s after the close");
			}
			var histogram = latencies.getIntervalHistogram();
			Result result = new Result(clientName, Workload.REALTIME, connections, received, holdSeconds,
					(received > 0) ? (cpuHeld - cpuOpened) / 1e6 / received : 0,
					histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
					peakRssMegabytes(), heapAfterGc, accepted, errors, threads.getPeakThreadCount(), 0, 0);
			return new RealtimeResult(result, connections, holdSeconds, openSeconds, openAtEnd, received, expected,
					(fewest == Long.MAX_VALUE) ? 0 : fewest, heapBefore, heapPeak, heapAfterGc,
					Runtime.getRuntime().maxMemory() / 1048576.0, threadsBefore, threadsHolding,
					(cpuOpened - cpuStart) / 1e6, (cpuHeld - cpuOpened) / 1e6, openAfterClose, closeSeconds,
					threadNamesBefore, threadNames, List.copyOf(failures));
		}
	}

	private static void fail(AtomicInteger failed, Queue<String> messages, String message) {
		failed.incrementAndGet();
		messages.add(message);
	}

	/** The live threads by name less its trailing number, counted: a pool shows as one entry. */
	private static String threadNames() {
		Map<String, Integer> names = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			names.merge(thread.getName().replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
		}
		return names.entrySet()
			.stream()
			.map((entry) -> (entry.getValue() > 1) ? entry.getKey() + " ×" + entry.getValue() : entry.getKey())
			.collect(Collectors.joining(", "));
	}

	private static long[] snapshot(AtomicLongArray counts) {
		long[] values = new long[counts.length()];
		for (int i = 0; i < values.length; i++) {
			values[i] = counts.get(i);
		}
		return values;
	}

	private static double heapUsedMegabytes() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
	}

	private static void await(CountDownLatch latch, Duration timeout) {
		try {
			latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Result result(String clientName, Workload workload, int concurrency, long requests,
			double seconds, long cpuNanos, Recorder latencies, long connections, long errors, double warmupSeconds,
			double jitPercent) {
		var histogram = latencies.getIntervalHistogram();
		System.gc();
		double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
		return new Result(clientName, workload, concurrency, requests, seconds,
				(requests > 0) ? cpuNanos / 1e6 / requests : 0, histogram.getValueAtPercentile(50) / 1e6,
				histogram.getValueAtPercentile(99) / 1e6, peakRssMegabytes(), heap, connections, errors,
				ManagementFactory.getThreadMXBean().getPeakThreadCount(), warmupSeconds, jitPercent);
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

	/**
	 * Connections the server accepted since a count, leaving out the one that asks for this
	 * count; -1 if the server does not count them.
	 */
	private static long connectionsSince(String baseUrl, long before) {
		long now = serverConnections(baseUrl);
		return (now < 0 || before < 0) ? -1 : now - 1 - before;
	}

	/** The connections {@link BenchServer} accepted so far; -1 from another server (the tests' mock). */
	private static long serverConnections(String baseUrl) {
		try {
			HttpResponse<String> stats = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(baseUrl.replace("/v1", "/stats"))).build(),
						HttpResponse.BodyHandlers.ofString());
			return (stats.statusCode() == 200) ? Long.parseLong(stats.body().replaceAll("[^0-9]", "")) : -1;
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
	 * A REALTIME run (its measured seconds the hold, no warm-up) also prints its figures on
	 * standard error and its own CSV line, after {@value #REALTIME_LINE_PREFIX}, before the
	 * common one; it exits with 1 if it failed.
	 * @param args client, base URL, workload, concurrency, warm-up seconds, measured seconds
	 * and, optionally, the longest warm-up in seconds (without it the warm-up is fixed); or
	 * {@code --csv-header} for the header of the lines it prints, {@code --realtime-csv-header}
	 * for that of a REALTIME run's own line
	 */
	public static void main(String[] args) {
		if (args.length == 1 && args[0].equals("--csv-header")) {
			System.out.println(CSV_HEADER);
			return;
		}
		if (args.length == 1 && args[0].equals("--realtime-csv-header")) {
			System.out.println(RealtimeResult.CSV_HEADER);
			return;
		}
		if (args.length != 6 && args.length != 7) {
			System.err.println("Usage: BenchRunner CLIENT BASE_URL WORKLOAD CONCURRENCY WARMUP_SECONDS MEASURED_SECONDS"
					+ " [MAX_WARMUP_SECONDS]");
			System.exit(2);
		}
		Workload workload = Workload.valueOf(args[2]);
		if (workload == Workload.REALTIME) {
			RealtimeResult realtime = realtime(args[0], args[1], Integer.parseInt(args[3]),
					Duration.ofSeconds(Long.parseLong(args[5])));
			System.err.print(realtime.summary());
			System.out.println(REALTIME_LINE_PREFIX + realtime.csv());
			System.out.println(realtime.result().csv());
			if (!realtime.failures().isEmpty()) {
				System.err.println("REALTIME run failed:");
				realtime.failures().forEach((failure) -> System.err.println("  " + failure));
				System.exit(1);
			}
			System.exit(0);
		}
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[4]));
		Duration maxWarmup = (args.length == 7) ? Duration.ofSeconds(Long.parseLong(args[6])) : warmup;
		Result result = run(args[0], args[1], workload, Integer.parseInt(args[3]), warmup, maxWarmup,
				Duration.ofSeconds(Long.parseLong(args[5])));
		System.out.println(result.csv());
		System.exit(0);
	}

}
