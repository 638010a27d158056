package io.asyncopenai.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The canned bodies every client sends and receives, the same bytes for all of them.
 */
final class Payloads {

	static final String MODEL = "gpt-4o-mini";

	static final String PROMPT = "Summarize the benefits of non-blocking HTTP clients in two sentences.";

	static final int STREAM_CHUNKS = 200;

	static final int EMBEDDING_DIMENSIONS = 1536;

	/** A realistic chat completion of about 1.2 KB: a message with annotations, usage with details. */
	static final byte[] CHAT_COMPLETION = ("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\","
			+ "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
			+ "{\"role\":\"assistant\",\"content\":\"Non-blocking HTTP clients let a small number of threads serve "
			+ "thousands of concurrent requests, because no thread waits idle while the network is slow. That keeps "
			+ "memory and context switching low, so services stay responsive under bursts and long-lived streams "
			+ "do not exhaust a thread pool.\",\"refusal\":null,\"annotations\":[{\"type\":\"url_citation\","
			+ "\"url_citation\":{\"end_index\":120,\"start_index\":0,\"title\":\"Reactive programming\",\"url\":"
			+ "\"https://example.com/reactive\"}}]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":"
			+ "{\"prompt_tokens\":25,\"completion_tokens\":58,\"total_tokens\":83,\"prompt_tokens_details\":"
			+ "{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
			+ "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
			+ "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_44709d6fcb\"}")
		.getBytes(StandardCharsets.UTF_8);

	/** The events of a streamed chat completion: role, 200 content chunks, finish, [DONE]. */
	static final List<byte[]> CHAT_CHUNK_EVENTS = chunkEvents();

	static final byte[] EMBEDDING_FLOAT = embedding(false);

	static final byte[] EMBEDDING_BASE64 = embedding(true);

	private Payloads() {
	}

	static byte[] chatRequest(boolean stream) {
		return ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]"
				+ (stream ? ",\"stream\":true" : "") + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] embeddingRequest(boolean base64) {
		return ("{\"model\":\"text-embedding-3-small\",\"input\":\"" + PROMPT + "\""
				+ (base64 ? ",\"encoding_format\":\"base64\"" : ",\"encoding_format\":\"float\"") + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static List<byte[]> chunkEvents() {
		String prefix = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
				+ "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":";
		List<byte[]> events = new ArrayList<>();
		events.add(event(prefix + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}"));
		for (int i = 0; i < STREAM_CHUNKS; i++) {
			events.add(event(prefix + "{\"content\":\" token" + i + "\"},\"logprobs\":null,\"finish_reason\":null}]}"));
		}
		events.add(event(prefix + "{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}"));
		events.add(event("[DONE]"));
		return List.copyOf(events);
	}

	private static byte[] event(String data) {
		return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] embedding(boolean base64) {
		SplittableRandom random = new SplittableRandom(7);
		float[] vector = new float[EMBEDDING_DIMENSIONS];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) (random.nextDouble() * 0.1 - 0.05);
		}
		String encoded;
		if (base64) {
			ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
			for (float value : vector) {
				bytes.putFloat(value);
			}
			encoded = "\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"";
		}
		else {
			StringBuilder floats = new StringBuilder("[");
			for (int i = 0; i < vector.length; i++) {
				floats.append((i > 0) ? "," : "").append(vector[i]);
			}
			encoded = floats.append(']').toString();
		}
		return ("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":" + encoded
				+ "}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
