package io.asyncopenai;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.models.files.FileCreateParams;

/**
 * Uploads or downloads one file with a client of its own, for {@link LowHeapTransferTests} to
 * run in a JVM with a small heap: prints the uploaded file's id, or the bytes written.
 */
final class LowHeapTransfer {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private LowHeapTransfer() {
	}

	/**
	 * Runs one transfer.
	 * @param args {@code upload <base URL> <file>} or {@code download <base URL> <file> <file id>}
	 */
	public static void main(String[] args) {
		OpenAIHttpClient transport = OpenAIHttpClient.builder().trustEnv(false).build();
		try (AsyncOpenAI client = AsyncOpenAI.builder()
			.environment(Map.of())
			.apiKey("sk-low-heap-transfer")
			.baseUrl(args[1])
			.httpClient(transport)
			.build()) {
			Path file = Path.of(args[2]);
			if (args[0].equals("upload")) {
				System.out.println(client.files()
					.create(FileCreateParams.builder().file(file).purpose("batch").build())
					.block(TIMEOUT)
					.id());
			}
			else {
				System.out.println(client.files().content(args[3]).flatMap((content) -> content.writeTo(file)).block(TIMEOUT));
			}
		}
		finally {
			transport.close();
		}
	}

}
