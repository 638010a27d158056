package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamEventsTests {

	@Test
	void errorIsFoundAtEveryPlaceAndNotWhereItIsNot() {
		Random random = new Random(42);
		String alphabet = "\"error:{}, rore\"err";
		for (int round = 0; round < 20_000; round++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(40);
			for (int i = 0; i < length; i++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
			boolean expected = text.toString().contains("\"error\"");
			assertThat(StreamEvents.mentionsError(bytes, 2, bytes.length - 4)).as(text.toString()).isEqualTo(expected);
		}
		byte[] member = "{\"id\":\"c\",\"error\":null}".getBytes(StandardCharsets.US_ASCII);
		assertThat(StreamEvents.mentionsError(member, 0, member.length)).isTrue();
		assertThat(StreamEvents.mentionsError(member, 0, member.length - 8)).isFalse();
	}

}
