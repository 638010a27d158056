package io.asyncopenai.test;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * Moves background responses on without anyone polling, and announces each that ends to the
 * webhook: {@code response.completed}, {@code response.cancelled}, {@code response.failed} or
 * {@code response.incomplete}, as the API does. Used only when the server has a webhook.
 *
 * <p>The responses endpoint finishes a queued response when it is retrieved, so this looks at
 * each queued response after the delay, as a poller would, until it has ended.
 */
final class BackgroundResponses implements AutoCloseable {

	// A response still running after this many looks is left alone: a bound on work for one that never ends.
	private static final int MAX_LOOKS = 600;

	private final Function<String, Reply> retrieve;

	private final BiConsumer<String, String> send;

	private final Duration delay;

	private final MockTimer timer = new MockTimer("mock-openai-background-responses");

	/**
	 * @param retrieve answers a retrieve of a response by id
	 * @param send sends an event type about an object id to the webhook
	 * @param delay the time between two looks at a response
	 */
	BackgroundResponses(Function<String, Reply> retrieve, BiConsumer<String, String> send, Duration delay) {
		this.retrieve = retrieve;
		this.send = send;
		this.delay = delay;
	}

	/** Watches the response a create answered, if it is a queued background one. */
	void created(Reply reply) {
		JsonNode response = (reply instanceof Reply.Json json && json.status() == 200)
				? Requests.parseObject(json.body()) : null;
		if (response != null && response.path("background").asBoolean(false) && response.path("id").isString()
				&& isRunning(response.path("status").asString(""))) {
			schedule(response.path("id").asString(), 1);
		}
	}

	private void look(String id, int looks) {
		Reply reply = this.retrieve.apply(id);
		JsonNode response = (reply instanceof Reply.Json json && json.status() == 200)
				? Requests.parseObject(json.body()) : null;
		if (response == null) {
			// Deleted: nothing to announce.
			return;
		}
		String status = response.path("status").asString("");
		if (isRunning(status)) {
			if (looks < MAX_LOOKS) {
				schedule(id, looks + 1);
			}
			return;
		}
		this.send.accept("response." + status, id);
	}

	private static boolean isRunning(String status) {
		return status.equals("queued") || status.equals("in_progress");
	}

	private void schedule(String id, int looks) {
		this.timer.schedule(() -> look(id, looks), this.delay);
	}

	@Override
	public void close() {
		this.timer.close();
	}

}
