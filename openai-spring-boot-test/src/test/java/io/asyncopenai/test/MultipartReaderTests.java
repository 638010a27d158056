package io.asyncopenai.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MultipartReaderTests {

	private static final String CONTENT_TYPE = "multipart/form-data; boundary=XyZ-123";

	private static final String FORM = "preamble to ignore\r\n--XyZ-123\r\n"
			+ "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--XyZ-123\r\n"
			+ "Content-Disposition: form-data; name=\"file\"; filename=\"in put.jsonl\"\r\n"
			+ "Content-Type: application/jsonl\r\n\r\n{\"a\": \"--XyZ-12\\r\\n\"}\r\n--XyZ-1\r\n\r\n--XyZ-123\r\n"
			+ "Content-Disposition: form-data; name=\"expires_after[anchor]\"\r\n\r\ncreated_at\r\n--XyZ-123--\r\n"
			+ "epilogue to ignore";

	@TempDir
	Path spool;

	@Test
	void readsEveryPartWithItsHeadersAndValue() {
		MultipartReader.Result result = read(CONTENT_TYPE, FORM.getBytes(StandardCharsets.UTF_8));
		assertThat(result.failure()).isNull();
		assertThat(result.parts()).extracting(RecordedPart::name)
			.containsExactly("purpose", "file", "expires_after[anchor]");
		RecordedPart file = result.parts().get(1);
		assertThat(file.filename()).isEqualTo("in put.jsonl");
		assertThat(file.contentType()).isEqualTo("application/jsonl");
		assertThat(file.isFile()).isTrue();
		assertThat(file.text()).isEqualTo("{\"a\": \"--XyZ-12\\r\\n\"}\r\n--XyZ-1\r\n");
		assertThat(file.size()).isEqualTo(file.bytes().length);
		assertThat(result.parts().get(0).text()).isEqualTo("batch");
		assertThat(result.parts().get(0).filename()).isNull();
		assertThat(result.parts().get(2).text()).isEqualTo("created_at");
	}

	@Test
	void readsTheSameWhereverTheBodyIsSplitAroundEachDelimiter() {
		byte[] body = FORM.getBytes(StandardCharsets.UTF_8);
		List<String> expected = texts(read(CONTENT_TYPE, body));
		for (int split = 0; split <= body.length; split++) {
			MultipartReader reader = new MultipartReader(CONTENT_TYPE, () -> this.spool);
			reader.feed(body, 0, split);
			reader.feed(body, split, body.length - split);
			assertThat(texts(reader.finish())).as("split at %d", split).isEqualTo(expected);
		}
	}

	@Test
	void readsTheSameFedOneByteAtATime() {
		byte[] body = FORM.getBytes(StandardCharsets.UTF_8);
		MultipartReader reader = new MultipartReader(CONTENT_TYPE, () -> this.spool);
		for (int i = 0; i < body.length; i++) {
			reader.feed(body, i, 1);
		}
		assertThat(texts(reader.finish())).isEqualTo(texts(read(CONTENT_TYPE, body)));
	}

	@Test
	void spoolsALargePartToAFileWithItsSizeAndDigest() throws IOException {
		byte[] content = new byte[RecordedPart.MEMORY_LIMIT * 3 + 7];
		new java.util.Random(7).nextBytes(content);
		byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = "\r\n--b--".getBytes(StandardCharsets.US_ASCII);
		MultipartReader reader = new MultipartReader("multipart/form-data; boundary=\"b\"", () -> this.spool);
		reader.feed(head, 0, head.length);
		for (int i = 0; i < content.length; i += 1000) {
			reader.feed(content, i, Math.min(1000, content.length - i));
		}
		reader.feed(tail, 0, tail.length);
		MultipartReader.Result result = reader.finish();
		assertThat(result.failure()).isNull();
		assertThat(result.raw()).isNull();
		RecordedPart part = result.parts().get(0);
		assertThat(part.size()).isEqualTo(content.length);
		assertThat(part.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(MultipartReader.sha256().digest(content)));
		assertThat(part.bytes()).isEqualTo(content);
		assertThat(part.file()).isNotNull().satisfies((file) -> assertThat(file).startsWith(this.spool));
		assertThat(Files.size(part.file())).isEqualTo(content.length);
	}

	@Test
	void readsQuotedAndEscapedParametersAndAnEmptyPart() {
		String form = "--b\r\nContent-Disposition: form-data; name=\"a\\\"b\"; filename*=UTF-8''na%C3%AFve.txt\r\n\r\n"
				+ "\r\n--b\r\ncontent-disposition: FORM-DATA; name=c\r\n\r\nd\r\n--b--";
		MultipartReader.Result result = read("Multipart/Form-Data; charset=utf-8; boundary=b", form
			.getBytes(StandardCharsets.UTF_8));
		assertThat(result.failure()).isNull();
		assertThat(result.parts().get(0).name()).isEqualTo("a\"b");
		assertThat(result.parts().get(0).filename()).isEqualTo("naïve.txt");
		assertThat(result.parts().get(0).size()).isZero();
		assertThat(result.parts().get(1).name()).isEqualTo("c");
		assertThat(result.parts().get(1).text()).isEqualTo("d");
	}

	@Test
	void failsWithoutBoundaryClosingDelimiterOrName() {
		assertThat(read("multipart/form-data", FORM.getBytes(StandardCharsets.UTF_8)).failure())
			.contains("boundary");
		byte[] unclosed = FORM.substring(0, FORM.indexOf("--XyZ-123--")).getBytes(StandardCharsets.UTF_8);
		assertThat(read(CONTENT_TYPE, unclosed).failure()).contains("closing delimiter");
		assertThat(read(CONTENT_TYPE, unclosed).parts()).isEmpty();
		byte[] nameless = "--XyZ-123\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--XyZ-123--"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(read(CONTENT_TYPE, nameless).failure()).contains("no name");
		assertThat(read(CONTENT_TYPE, new byte[0]).failure()).contains("no part");
	}

	private MultipartReader.Result read(String contentType, byte[] body) {
		MultipartReader reader = new MultipartReader(contentType, () -> this.spool);
		reader.feed(body, 0, body.length);
		return reader.finish();
	}

	private static List<String> texts(MultipartReader.Result result) {
		assertThat(result.failure()).isNull();
		return result.parts()
			.stream()
			.map((part) -> part.name() + "|" + part.filename() + "|" + part.contentType() + "|" + part.text() + "|"
					+ Arrays.toString(part.headers().toArray()))
			.toList();
	}

}
