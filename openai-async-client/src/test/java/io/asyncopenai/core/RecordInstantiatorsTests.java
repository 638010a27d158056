package io.asyncopenai.core;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.models.chat.completions.ChatCompletionChunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Records read by the API's mapper are created through their canonical constructor as one
 * spread method handle, with Jackson's property handling and errors unchanged.
 */
class RecordInstantiatorsTests {

	private static final JsonMapper MAPPER = OpenAIJson.mapper();

	@Test
	void aRecordIsReadWithItsPropertiesInTheirPlaces() {
		assertThat(MAPPER.readValue("{\"y\": 2, \"label\": \"p\", \"x\": 1}", Point.class))
			.isEqualTo(new Point(1L, 2L, "p"));
		assertThat(MAPPER.readValue("{\"x\": 1}", Point.class)).isEqualTo(new Point(1L, null, null));
	}

	@Test
	void nestedGeneratedRecordsAreReadWhole() {
		ChatCompletionChunk chunk = MAPPER.readValue("""
				{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
				 "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}], "extra": true}""",
				ChatCompletionChunk.class);
		assertThat(chunk.choices()).singleElement()
			.satisfies((choice) -> assertThat(choice.delta().content()).isEqualTo("hi"));
		assertThat(chunk.additionalProperties()).containsKey("extra");
	}

	@Test
	void aConstructorThatThrowsFailsTheReadAsJacksonWouldThroughTheSpreadHandle() {
		assertThatExceptionOfType(ValueInstantiationException.class)
			.isThrownBy(() -> MAPPER.readValue("{\"x\": -1}", Point.class))
			.withMessageContaining("x must not be negative")
			.satisfies((ex) -> assertThat(frames(ex.getCause()))
				.anyMatch((frame) -> frame.startsWith(RecordInstantiators.class.getName() + "$RecordInstantiator")));
	}

	private static List<String> frames(Throwable ex) {
		return Arrays.stream(ex.getStackTrace()).map(StackTraceElement::getClassName).toList();
	}

	record Point(Long x, Long y, String label) {

		Point {
			if (x != null && x < 0) {
				throw new IllegalArgumentException("x must not be negative");
			}
		}

	}

}
