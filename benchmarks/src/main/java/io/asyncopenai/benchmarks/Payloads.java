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
public final class Payloads {

	static final String MODEL = "gpt-4o-mini";

	static final String PROMPT = "Summarize the benefits of non-blocking HTTP clients in two sentences.";

	public static final int STREAM_CHUNKS = 200;

	static final int EMBEDDING_DIMENSIONS = 1536;

	/** A realistic chat completion of about 1.2 KB: a message with annotations, usage with details. */
	public static final byte[] CHAT_COMPLETION = ("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\","
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

	/** The whole body of a streamed chat completion, as recorded from the wire. */
	public static final byte[] CHAT_STREAM = concat(CHAT_CHUNK_EVENTS);

	static final byte[] EMBEDDING_FLOAT = embedding(false);

	/** An embeddings response with one vector of 1536 dimensions in base64. */
	public static final byte[] EMBEDDING_BASE64 = embedding(true);

	/** A completed response of about 1.5 KB: one output message, usage with details. */
	public static final byte[] RESPONSE = response("completed", STREAM_CHUNKS).getBytes(StandardCharsets.UTF_8);

	/** The whole body of a streamed response: the lifecycle events around 200 text deltas. */
	public static final byte[] RESPONSE_STREAM = responseStream();

	/** The size of the file that is uploaded and downloaded: 1 MiB. */
	static final int FILE_SIZE = 1 << 20;

	/** The file's name in an upload. */
	static final String FILE_NAME = "batch.jsonl";

	/** The id of the file that is downloaded. */
	static final String FILE_ID = "file-bench";

	/**
	 * The file uploaded and downloaded: 1 MiB of batch input lines, held once in memory so
	 * that the transfers measure the transport and not the disk. Lines end with {@code \n}
	 * alone, as JSON Lines files do.
	 */
	static final byte[] FILE = jsonLines(FILE_SIZE);

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

	/** The start of an upload's multipart body, up to the file's bytes, for a client that writes the body by hand. */
	static byte[] multipartHead(String boundary) {
		return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + FILE_NAME
				+ "\"\r\nContent-Type: application/jsonl\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	/** The end of an upload's multipart body, after the file's bytes. */
	static byte[] multipartTail(String boundary) {
		return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
	}

	/** The answer to an upload, as the API gives it. */
	static byte[] fileObject(long bytes, String filename) {
		return ("{\"id\":\"" + FILE_ID + "\",\"object\":\"file\",\"bytes\":" + bytes
				+ ",\"created_at\":1741569952,\"filename\":\"" + filename
				+ "\",\"purpose\":\"batch\",\"status\":\"processed\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] jsonLines(int size) {
		StringBuilder lines = new StringBuilder(size + 256);
		for (int i = 0; lines.length() < size; i++) {
			lines.append("{\"custom_id\":\"request-").append(i)
				.append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"")
				.append(MODEL)
				.append("\",\"messages\":[{\"role\":\"user\",\"content\":\"")
				.append(PROMPT)
				.append("\"}],\"max_tokens\":1000}}\n");
		}
		// Cut to the exact size, the last line cut short but ended like the others.
		byte[] bytes = lines.substring(0, size).getBytes(StandardCharsets.UTF_8);
		bytes[size - 1] = '\n';
		return bytes;
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

	private static byte[] concat(List<byte[]> parts) {
		byte[] all = new byte[parts.stream().mapToInt((part) -> part.length).sum()];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

	private static String text(int tokens) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < tokens; i++) {
			text.append(" token").append(i);
		}
		return text.toString();
	}

	private static String message(String status, int tokens) {
		String content = (tokens < 0) ? "" : "{\"type\":\"output_text\",\"text\":\"" + text(tokens)
				+ "\",\"annotations\":[],\"logprobs\":[]}";
		return "{\"id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"type\":\"message\",\"status\":\"" + status
				+ "\",\"role\":\"assistant\",\"content\":[" + content + "]}";
	}

	private static String response(String status, int tokens) {
		boolean completed = status.equals("completed");
		return "{\"id\":\"resp_67ccd2bed1ec8190b14f964abc054267\",\"object\":\"response\",\"created_at\":1741476542,"
				+ "\"status\":\"" + status + "\",\"background\":false,\"error\":null,\"incomplete_details\":null,"
				+ "\"instructions\":null,\"max_output_tokens\":null,\"model\":\"gpt-4.1-2025-04-14\",\"output\":["
				+ (completed ? message("completed", tokens) : "") + "],\"parallel_tool_calls\":true,"
				+ "\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":true,"
				+ "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},"
				+ "\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"
				+ (completed ? "{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":"
						+ tokens + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":" + (36 + tokens) + "}"
						: "null")
				+ ",\"user\":null,\"metadata\":{}}";
	}

	private static byte[] responseStream() {
		String item = "\"item_id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"output_index\":0,\"content_index\":0";
		List<String[]> events = new ArrayList<>();
		events.add(new String[] { "response.created", "\"response\":" + response("in_progress", 0) });
		events.add(new String[] { "response.in_progress", "\"response\":" + response("in_progress", 0) });
		events.add(new String[] { "response.output_item.added",
				"\"output_index\":0,\"item\":" + message("in_progress", -1) });
		events.add(new String[] { "response.content_part.added",
				item + ",\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[],\"logprobs\":[]}" });
		for (int i = 0; i < STREAM_CHUNKS; i++) {
			events.add(new String[] { "response.output_text.delta",
					item + ",\"delta\":\" token" + i + "\",\"logprobs\":[],\"obfuscation\":\"q3mT\"" });
		}
		events.add(new String[] { "response.output_text.done",
				item + ",\"text\":\"" + text(STREAM_CHUNKS) + "\",\"logprobs\":[]" });
		events.add(new String[] { "response.content_part.done", item + ",\"part\":{\"type\":\"output_text\",\"text\":\""
				+ text(STREAM_CHUNKS) + "\",\"annotations\":[],\"logprobs\":[]}" });
		events.add(new String[] { "response.output_item.done",
				"\"output_index\":0,\"item\":" + message("completed", STREAM_CHUNKS) });
		events.add(new String[] { "response.completed", "\"response\":" + response("completed", STREAM_CHUNKS) });
		List<byte[]> encoded = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			String[] event = events.get(i);
			encoded.add(("event: " + event[0] + "\ndata: {\"type\":\"" + event[0] + "\",\"sequence_number\":" + i + ","
					+ event[1] + "}\n\n").getBytes(StandardCharsets.UTF_8));
		}
		return concat(encoded);
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
