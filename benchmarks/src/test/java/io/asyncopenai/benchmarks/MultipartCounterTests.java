package io.asyncopenai.benchmarks;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark server's multipart reader: it must find the file's bytes whatever the buffers'
 * cuts, so that an upload's answer says what was sent.
 */
class MultipartCounterTests {

	private static final String BOUNDARY = "b0undary";

	@Test
	void countsTheFileOfABodyCutAtEveryByte() {
		// The content holds a \r, a \r\n and a near-delimiter, which are the file's bytes all the same.
		byte[] file = "line 1\r\nline 2\r\r\n--b0undar\n--b0undaryX".getBytes(StandardCharsets.UTF_8);
		byte[] body = body(file);
		for (int cut = 0; cut <= body.length; cut++) {
			MultipartCounter counter = new MultipartCounter(BOUNDARY);
			counter.feed(Unpooled.wrappedBuffer(body, 0, cut));
			counter.feed(Unpooled.wrappedBuffer(body, cut, body.length - cut));
			assertThat(counter.complete()).as("cut at %d", cut).isTrue();
			assertThat(counter.fileBytes()).as("cut at %d", cut).isEqualTo(file.length);
			assertThat(counter.filename()).isEqualTo(Payloads.FILE_NAME);
			assertThat(counter.parts()).isEqualTo(2);
			assertThat(counter.totalBytes()).isEqualTo(body.length);
		}
	}

	@Test
	void countsTheBenchmarkFile() {
		MultipartCounter counter = new MultipartCounter(BOUNDARY);
		byte[] body = body(Payloads.FILE);
		for (int at = 0; at < body.length; at += 65536) {
			counter.feed(Unpooled.wrappedBuffer(body, at, Math.min(65536, body.length - at)));
		}
		assertThat(counter.complete()).isTrue();
		assertThat(counter.fileBytes()).isEqualTo((long) Payloads.FILE_SIZE);
	}

	@Test
	void aBodyWithoutItsCloseDelimiterIsNotComplete() {
		byte[] body = body(Payloads.FILE);
		MultipartCounter counter = new MultipartCounter(BOUNDARY);
		counter.feed(Unpooled.wrappedBuffer(body, 0, body.length - 4));
		assertThat(counter.complete()).isFalse();
	}

	@Test
	void readsTheBoundaryOfAContentType() {
		assertThat(MultipartCounter.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
		assertThat(MultipartCounter.boundary("multipart/form-data;boundary=\"a b\";charset=UTF-8")).isEqualTo("a b");
		assertThat(MultipartCounter.boundary("application/json")).isNull();
		assertThat(MultipartCounter.boundary(null)).isNull();
	}

	private static byte[] body(byte[] file) {
		byte[] head = Payloads.multipartHead(BOUNDARY);
		byte[] tail = Payloads.multipartTail(BOUNDARY);
		byte[] body = new byte[head.length + file.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(file, 0, body, head.length, file.length);
		System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
		return body;
	}

}
