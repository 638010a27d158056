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
 * second as ratios to {@code floor-jackson} of the same run.
 */
public final class BenchReport {

	private BenchReport() {
	}

	public static void main(String[] args) throws IOException {
		List<String[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			if (!line.isBlank() && !line.startsWith("client,")) {
				rows.add(line.split(","));
			}
		}
		Map<String, List<String[]>> groups = new LinkedHashMap<>();
		for (String[] row : rows) {
			groups.computeIfAbsent(row[1] + "|" + row[2] + "|" + row[0], (key) -> new ArrayList<>()).add(row);
		}
		StringBuilder out = new StringBuilder();
		out.append("| workload | C | client | CPU ms/request | × floor-jackson | requests/s | × floor-jackson | p50 ms "
				+ "| p99 ms | peak RSS MB | heap after GC MB | connections | errors | server CPU % | runs |\n");
		out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		for (Map.Entry<String, List<String[]>> group : groups.entrySet()) {
			String[] key = group.getKey().split("\\|");
			List<String[]> runs = group.getValue();
			List<String[]> reference = groups.get(key[0] + "|" + key[1] + "|floor-jackson");
			double cpu = median(runs, 6);
			double rps = median(runs, 5);
			out.append(String.format(Locale.ROOT,
					"| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f | %s | %d |%n",
					key[0], key[1], key[2], range(runs, 6, "%.3f"),
					(reference != null) ? String.format(Locale.ROOT, "%.2f", cpu / median(reference, 6)) : "",
					range(runs, 5, "%.0f"),
					(reference != null) ? String.format(Locale.ROOT, "%.2f", rps / median(reference, 5)) : "",
					median(runs, 7), median(runs, 8), median(runs, 9), median(runs, 10), median(runs, 11),
					median(runs, 12), (runs.get(0).length > 13) ? String.format(Locale.ROOT, "%.0f", median(runs, 13)) : "",
					runs.size()));
		}
		System.out.print(out);
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
