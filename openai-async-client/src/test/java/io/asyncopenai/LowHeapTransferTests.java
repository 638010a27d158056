package io.asyncopenai;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedPart;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads and downloads far larger than the heap, each run by {@link LowHeapTransfer} in a JVM
 * of its own with 64 MB of heap (and as much direct memory): a client that held a body whole
 * would fail with an {@link OutOfMemoryError} there.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class LowHeapTransferTests {

	private static final String HEAP = "-Xmx64m";

	@Test
	void a200MegabyteUploadArrivesWholeFromA64MegabyteHeap(MockOpenAIServer server, @TempDir Path directory)
			throws Exception {
		Path file = directory.resolve("requests.jsonl");
		long size = 200L * 1024 * 1024;
		String sha256 = writeRandom(file, size);
		String fileId = run("upload", server.baseUrl(), file.toString()).strip();
		assertThat(server.fileSize(fileId)).isEqualTo(size);
		assertThat(server.fileSha256(fileId)).isEqualTo(sha256);
		RecordedPart part = server.lastRequest().part("file");
		assertThat(part.filename()).isEqualTo("requests.jsonl");
		assertThat(part.sha256()).isEqualTo(sha256);
		assertThat(server.lastRequest().header("content-length")).isNotNull();
	}

	@Test
	void aGigabyteDownloadIsWrittenToAFileFromA64MegabyteHeap(MockOpenAIServer server, @TempDir Path directory)
			throws Exception {
		long size = 1024L * 1024 * 1024;
		String fileId = server.addGeneratedFile("output.bin", "batch_output", size);
		Path file = directory.resolve("output.bin");
		String written = run("download", server.baseUrl(), file.toString(), fileId).strip();
		assertThat(written).isEqualTo(Long.toString(size));
		assertThat(Files.size(file)).isEqualTo(size);
		assertThat(sha256(file)).isEqualTo(server.fileSha256(fileId));
	}

	private static String run(String... args) throws IOException, InterruptedException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				HEAP, "-XX:MaxDirectMemorySize=64m", "-cp", classpath, LowHeapTransfer.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		boolean exited = process.waitFor(3, TimeUnit.MINUTES);
		if (!exited) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(exited).as("the transfer ended in time; its output:%n%s", output).isTrue();
		assertThat(process.exitValue()).as("the transfer's exit code; its output:%n%s", output).isZero();
		String[] lines = output.strip().split("\n");
		return lines[lines.length - 1];
	}

	private static String writeRandom(Path file, long size) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		Random random = new Random(7);
		byte[] chunk = new byte[1024 * 1024];
		try (OutputStream out = Files.newOutputStream(file)) {
			for (long written = 0; written < size; written += chunk.length) {
				random.nextBytes(chunk);
				int length = (int) Math.min(chunk.length, size - written);
				out.write(chunk, 0, length);
				digest.update(chunk, 0, length);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] buffer = new byte[1024 * 1024];
		try (var in = Files.newInputStream(file)) {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
