package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Splits a Server-Sent Events body that uses LF line endings, as the API sends it, into events.
 */
final class Sse {

	private Sse() {
	}

	record Event(@Nullable String name, String data) {

	}

	static List<Event> parse(String body) {
		List<Event> events = new ArrayList<>();
		for (String block : body.split("\n\n")) {
			if (block.isEmpty()) {
				continue;
			}
			String name = null;
			StringBuilder data = new StringBuilder();
			for (String line : block.split("\n")) {
				if (line.startsWith("event: ")) {
					name = line.substring("event: ".length());
				}
				else if (line.startsWith("data: ")) {
					data.append(line.substring("data: ".length()));
				}
				else {
					throw new IllegalArgumentException("Unexpected SSE line: " + line);
				}
			}
			events.add(new Event(name, data.toString()));
		}
		return events;
	}

}
