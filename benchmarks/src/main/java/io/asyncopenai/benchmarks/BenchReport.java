package io.asyncopenai.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the CSV lines of repeated runs into a Markdown table: per workload, concurrency and
 * client, the median of each figure with its min-max, and CPU per request and requests per
 * second as ratios to {@code floor-jackson} of the same run; for the file transfers, a second
 * table of the same runs in MB/s and CPU per MB; and the REALTIME runs' own lines, one row each.
 */
public final class BenchReport {

	private BenchReport() {
	}

	/**
	 * Prints the Markdown table of a results CSV, with {@code --jmh} of a JMH CSV, with
	 * {@code --realtime} of the REALTIME runs' CSV.
	 * @param args {@code results.csv}, {@code --jmh jmh.csv} or {@code --realtime realtime.csv}
	 * @throws IOException if the file cannot be read
	 */
	public static void main(String[] args) throws IOException {
		if (args[0].equals("--jmh")) {
			System.out.print(microbenchmarks(Path.of(args[1])));
			return;
		}
		if (args[0].equals("--realtime")) {
			System.out.print(realtime(Files.readAllLines(Path.of(args[1]))));
			return;
		}
		System.out.print(table(Files.readAllLines(Path.of(args[0]))));
	}

	/**
	 * The table of a results CSV: its header line ({@link BenchRunner#CSV_HEADER}, then
	 * {@code server_cpu_pct} as {@code run.sh} adds it) names the columns that older results
	 * may lack (warm-up, JIT share, server CPU), left empty where they do.
	 */
	static String table(List<String> lines) {
		List<String> header = List.of();
		List<String[]> rows = new ArrayList<>();
		for (String line : lines) {
			if (line.startsWith("client,")) {
				header = List.of(line.split(","));
			}
			else if (!line.isBlank()) {
				rows.add(line.split(","));
			}
		}
		int warmup = header.indexOf("warmup_s");
		int jit = header.indexOf("jit_pct");
		int serverCpu = header.indexOf("server_cpu_pct");
		Map<String, List<String[]>> groups = new LinkedHashMap<>();
		for (String[] row : rows) {
			groups.computeIfAbsent(row[1] + "|" + row[2] + "|" + row[0], (key) -> new ArrayList<>()).add(row);
		}
		StringBuilder out = new StringBuilder();
		out.append("| workload | C | client | CPU ms/request | × floor-jackson | requests/s | × floor-jackson | p50 ms "
				+ "| p99 ms | peak RSS MB | heap after GC MB | connections | errors | peak threads | warm-up s "
				+ "| JIT % measured | server CPU % | runs |\n");
		out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
				+ "| --- | --- |\n");
		for (Map.Entry<String, List<String[]>> group : groups.entrySet()) {
			String[] key = group.getKey().split("\\|");
			List<String[]> runs = group.getValue();
			List<String[]> reference = groups.get(key[0] + "|" + key[1] + "|floor-jackson");
			double cpu = median(runs, 6);
			double rps = median(runs, 5);
			out.append(String.format(Locale.ROOT,
					"| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %s | %d |%n",
					key[0], key[1], key[2], range(runs, 6, "%.3f"),
					(reference != null) ? String.format(Locale.ROOT, "%.2f", cpu / median(reference, 6)) : "",
					range(runs, 5, "%.0f"),
					(reference != null) ? String.format(Locale.ROOT, "%.2f", rps / median(reference, 5)) : "",
					median(runs, 7), median(runs, 8), median(runs, 9), median(runs, 10), median(runs, 11),
					median(runs, 12), median(runs, 13), optionalMedian(runs, warmup, "%.0f"),
					optionalMedian(runs, jit, "%.1f"), optionalMedian(runs, serverCpu, "%.0f"), runs.size()));
		}
		out.append(transfers(groups));
		return out.toString();
	}

	/** The median of a column, or empty if the results have no such column. */
	private static String optionalMedian(List<String[]> runs, int column, String format) {
		boolean present = column >= 0 && runs.stream().allMatch((row) -> row.length > column);
		return present ? String.format(Locale.ROOT, format, median(runs, column)) : "";
	}

	/**
	 * The upload and download runs as bytes moved: MB/s (10^6 bytes, of the file alone, not
	 * counting the multipart framing) and client CPU per MB; empty if there are none.
	 */
	static String transfers(Map<String, List<String[]>> groups) {
		StringBuilder out = new StringBuilder();
		for (Map.Entry<String, List<String[]>> group : groups.entrySet()) {
			String[] key = group.getKey().split("\\|");
			long bytes = transferBytes(key[0]);
			if (bytes == 0) {
				continue;
			}
			if (out.isEmpty()) {
				out.append("\nFile transfers (").append(bytes / 1048576).append(" MiB a request), the runs above in bytes:\n\n");
				out.append("| workload | C | client | MB/s | × floor-jackson | CPU ms/MB |\n");
				out.append("| --- | --- | --- | --- | --- | --- |\n");
			}
			List<String[]> runs = group.getValue();
			List<String[]> reference = groups.get(key[0] + "|" + key[1] + "|floor-jackson");
			double megabytes = bytes / 1e6;
			double[] rates = runs.stream().mapToDouble((row) -> Double.parseDouble(row[5]) * megabytes).sorted().toArray();
			double rps = median(runs, 5);
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f (%.0f–%.0f) | %s | %.3f |%n", key[0], key[1],
					key[2], rps * megabytes, rates[0], rates[rates.length - 1],
					(reference != null) ? String.format(Locale.ROOT, "%.2f", rps / median(reference, 5)) : "",
					median(runs, 6) / megabytes));
		}
		return out.toString();
	}

	/** The bytes of a file each request of a workload moves; 0 for workloads that are not transfers or unknown. */
	private static long transferBytes(String workload) {
		try {
			return Workload.valueOf(workload).transferBytes();
		}
		catch (IllegalArgumentException ex) {
			// A workload of older results, since renamed or removed.
			return 0;
		}
	}

	/**
	 * The REALTIME runs ({@link BenchRunner.RealtimeResult#CSV_HEADER}), one row each: what
	 * holding the connections cost, and whether every delta came.
	 */
	static String realtime(List<String> lines) {
		StringBuilder out = new StringBuilder();
		out.append("| client | connections | held s | open s | session.created p50 / p99 ms | open at end "
				+ "| deltas received / expected | fewest on one | heap MB before / peak / after GC (limit) "
				+ "| peak RSS MB | threads before / holding / peak | CPU ms open / hold (% of a core) "
				+ "| close s, open after | errors |\n");
		out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		List<String> header = List.of(BenchRunner.RealtimeResult.CSV_HEADER.split(","));
		for (String line : lines) {
			if (line.isBlank() || line.startsWith("client,")) {
				continue;
			}
			String[] cells = line.split(",");
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < header.size() && i < cells.length; i++) {
				row.put(header.get(i), cells[i]);
			}
			out.append(String.format(Locale.ROOT,
					"| %s | %s | %.0f | %.2f | %.0f / %.0f | %s | %,d / %,d | %s | %.0f / %.0f / %.0f (%s) | %.0f "
							+ "| %s / %s / %s | %.0f / %.0f (%.1f %%) | %.2f, %s | %s |%n",
					row.get("client"), row.get("connections"), number(row, "hold_seconds"), number(row, "open_seconds"),
					number(row, "open_p50_ms"), number(row, "open_p99_ms"), row.get("open_at_end"),
					(long) number(row, "deltas_received"), (long) number(row, "deltas_expected"),
					row.get("fewest_deltas"), number(row, "heap_before_mb"), number(row, "heap_peak_mb"),
					number(row, "heap_after_gc_mb"), row.get("heap_max_mb"), number(row, "peak_rss_mb"),
					row.get("threads_before"), row.get("threads_holding"), row.get("peak_threads"),
					number(row, "cpu_open_ms"), number(row, "cpu_hold_ms"), number(row, "cpu_hold_pct"),
					number(row, "close_seconds"), row.get("open_after_close"), row.get("errors")));
		}
		return out.toString();
	}

	private static double number(Map<String, String> row, String column) {
		return Double.parseDouble(row.get(column));
	}

	/**
	 * Pairs each {@code fooAsyncOpenAI} microbenchmark with its {@code fooOpenAIJava} twin.
	 */
	static String microbenchmarks(Path csv) throws IOException {
		Map<String, double[]> pairs = new LinkedHashMap<>();
		for (String line : Files.readAllLines(csv)) {
			String[] cells = line.replace("\"", "").split(",");
			if (cells.length < 7 || cells[0].equals("Benchmark")) {
				continue;
			}
			String method = cells[0].substring(cells[0].lastIndexOf('.') + 1);
			boolean ours = method.endsWith("AsyncOpenAI");
			String name = method.substring(0, method.length() - (ours ? "AsyncOpenAI" : "OpenAIJava").length());
			pairs.computeIfAbsent(name, (key) -> new double[2])[ours ? 0 : 1] = Double.parseDouble(cells[4]);
		}
		StringBuilder out = new StringBuilder("| microbenchmark | asyncopenai µs/op | openai-java µs/op | × openai-java |\n");
		out.append("| --- | --- | --- | --- |\n");
		pairs.forEach((name, scores) -> out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", name,
				scores[0], scores[1], scores[0] / scores[1])));
		return out.toString();
	}

	private static String range(List<String[]> runs, int column, String format) {
		double[] values = runs.stream().mapToDouble((row) -> Double.parseDouble(row[column])).sorted().toArray();
		return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median(runs, column), values[0],
				values[values.length - 1]);
	}

	static double median(List<String[]> runs, int column) {
		double[] values = runs.stream().mapToDouble((row) -> Double.parseDouble(row[column])).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

}
