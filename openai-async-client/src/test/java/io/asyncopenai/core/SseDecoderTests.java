package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.asyncopenai.errors.APIException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SseDecoderTests {

	@Test
	void linesEndWithLfCrOrCrLf() {
		String stream = "data: a\n\ndata: b\r\rdata: c\r\n\r\n";
		assertThat(decode(stream)).extracting(SseEvent::data).containsExactly("a", "b", "c");
	}

	@Test
	void theLineEndIsFoundAtEveryPlaceOfEveryWordAndTail() {
		// Bytes around CR and LF (0x0C, 0x0E, 0x8A, 0x8D) and UTF-8 continuation bytes, which a
		// wrong word test would take for line ends.
		byte[] others = { 'a', '{', '"', 0x0C, 0x0E, 0x0B, (byte) 0x8A, (byte) 0x8D, (byte) 0xC3, (byte) 0xA9, 0x00,
				(byte) 0xFF };
		for (int length = 0; length <= 40; length++) {
			for (int from = 0; from <= Math.min(length, 9); from++) {
				for (int end = from; end <= length; end++) {
					for (byte lineEnd : new byte[] { '\n', '\r' }) {
						byte[] bytes = new byte[length];
						for (int i = 0; i < length; i++) {
							bytes[i] = others[(i * 7 + from) % others.length];
						}
						if (end < length) {
							bytes[end] = lineEnd;
							if (end + 1 < length) {
								bytes[end + 1] = (lineEnd == '\n') ? (byte) '\r' : (byte) '\n';
							}
						}
						assertThat(SseDecoder.lineEnd(bytes, from, length)).as("length %d, from %d", length, from)
							.isEqualTo(end);
					}
				}
			}
		}
	}

	@Test
	void crLfSplitAcrossReadsIsOneLineEnd() {
		SseDecoder decoder = new SseDecoder(1024);
		List<SseEvent> events = new ArrayList<>();
		events.addAll(feed(decoder, "data: a\r"));
		events.addAll(feed(decoder, "\n\r"));
		events.addAll(feed(decoder, "\ndata: b\r\n\r\n"));
		// Within an event, a second line end would dispatch the first line early.
		events.addAll(feed(decoder, "data: c\r"));
		events.addAll(feed(decoder, "\ndata: d\r\n\r\n"));
		assertThat(events).extracting(SseEvent::data).containsExactly("a", "b", "c\nd");
	}

	@Test
	void eventSplitAtEveryByteDecodesTheSame() {
		String stream = "event: response.created\ndata: {\"x\":\"é\"}\n\n: ping\n\ndata: [DONE]\n\n";
		byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
		SseDecoder decoder = new SseDecoder(1024);
		List<SseEvent> events = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			events.addAll(decoder.feed(bytes, i, 1));
		}
		assertThat(events).containsExactly(new SseEvent("response.created", "{\"x\":\"é\"}", null),
				new SseEvent(null, "[DONE]", null));
	}

	@Test
	void eventsCutAnywhereDecodeTheSameWhenTheReadBufferIsReusedAfterEachFeed() {
		String stream = "event: a\ndata: {\"x\":\"é\"}\n\ndata: one\r\ndata: two\r\n\r\n: c\nid: 9\ndata: last\n\n";
		byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
		List<SseEvent> whole = feed(new SseDecoder(1024), stream);
		assertThat(whole).extracting(SseEvent::data).containsExactly("{\"x\":\"é\"}", "one\ntwo", "last");
		byte[] readBuffer = new byte[bytes.length];
		for (int first = 0; first <= bytes.length; first++) {
			for (int second = first; second <= bytes.length; second++) {
				SseDecoder decoder = new SseDecoder(1024);
				List<SseEvent> events = new ArrayList<>();
				int[] cuts = { 0, first, second, bytes.length };
				for (int i = 0; i < 3; i++) {
					int length = cuts[i + 1] - cuts[i];
					System.arraycopy(bytes, cuts[i], readBuffer, 0, length);
					events.addAll(decoder.feed(readBuffer, 0, length));
					// What the decoder kept from this read must not be read from it again.
					Arrays.fill(readBuffer, (byte) '#');
				}
				assertThat(events).as("cut at %d and %d", first, second).isEqualTo(whole);
			}
		}
	}

	@Test
	void wholeLineLongerThanTheLimitFailsToo() {
		SseDecoder decoder = new SseDecoder(16);
		assertThatExceptionOfType(APIException.class)
			.isThrownBy(() -> feed(decoder, "data: " + "x".repeat(20) + "\n\n"))
			.withMessageContaining("longer than 16 bytes");
	}

	@Test
	void commentsAreIgnoredAndMultiLineDataIsJoinedWithLf() {
		String stream = ": keep-alive\ndata: line one\n: in between\ndata: line two\ndata\n\n";
		assertThat(decode(stream)).extracting(SseEvent::data).containsExactly("line one\nline two\n");
	}

	@Test
	void eventWithoutDataIsNotDispatchedAndFieldsResetPerEvent() {
		String stream = "event: lonely\n\ndata: x\n\nevent: named\nid: 7\ndata:no-space\n\ndata: y\n\n";
		assertThat(decode(stream)).containsExactly(new SseEvent(null, "x", null), new SseEvent("named", "no-space", "7"),
				new SseEvent(null, "y", "7"));
	}

	@Test
	void incompleteLastEventIsNotDispatched() {
		assertThat(decode("data: complete\n\ndata: cut")).extracting(SseEvent::data).containsExactly("complete");
	}

	@Test
	void lineLongerThanTheLimitFails() {
		SseDecoder decoder = new SseDecoder(16);
		assertThatExceptionOfType(APIException.class)
			.isThrownBy(() -> feed(decoder, "data: " + "x".repeat(20)))
			.withMessageContaining("longer than 16 bytes");
	}

	private static List<SseEvent> decode(String stream) {
		return feed(new SseDecoder(1024), stream);
	}

	private static List<SseEvent> feed(SseDecoder decoder, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return decoder.feed(bytes, 0, bytes.length);
	}

}
