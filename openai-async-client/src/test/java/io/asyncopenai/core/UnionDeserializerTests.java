package io.asyncopenai.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.models.OutputMessageContent;
import io.asyncopenai.models.conversations.items.ConversationItem;
import io.asyncopenai.models.moderations.ModerationCreateParams;
import io.asyncopenai.models.responses.ResponseOutputItem;
import io.asyncopenai.models.responses.ResponseOutputMessage;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.models.responses.UnknownResponseStreamEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading the generated unions: by discriminator (read from the input, wherever it is among the
 * properties), by JSON kind, the first of several variants of one kind that binds, and JSON
 * that fits none kept whole.
 */
class UnionDeserializerTests {

	private static final JsonMapper MAPPER = OpenAIJson.mapper();

	@Test
	void anObjectIsReadAsTheVariantItsDiscriminatorNames() {
		ConversationItem item = MAPPER.readValue("""
				{"type": "message", "id": "msg_1", "role": "user", "status": "completed",
				 "content": [{"type": "input_text", "text": "Hello"}]}""", ConversationItem.class);
		assertThat(item).isInstanceOf(ConversationItem.Message.class);
		assertThat(((ConversationItem.Message) item).value().id()).isEqualTo("msg_1");
	}

	@Test
	void propertiesBeforeTheDiscriminatorAndAfterItReachTheVariant() {
		ResponseOutputItem item = MAPPER.readValue("""
				{"id": "msg_1", "status": "completed", "type": "message", "role": "assistant",
				 "content": [{"annotations": [], "type": "output_text", "text": "Hi"}], "extra": 1}""",
				ResponseOutputItem.class);
		assertThat(item).isInstanceOfSatisfying(ResponseOutputMessage.class, (message) -> {
			assertThat(message.id()).isEqualTo("msg_1");
			assertThat(message.status()).isEqualTo("completed");
			assertThat(message.role()).isEqualTo("assistant");
			assertThat(message.content()).singleElement()
				.isInstanceOfSatisfying(OutputMessageContent.OutputText.class,
						(part) -> assertThat(part.value().text()).isEqualTo("Hi"));
			assertThat(message.additionalProperties().get("extra").asInt()).isOne();
		});
	}

	@Test
	void aVariantReadFromTheInputLeavesItWhereTheNextValueStarts() {
		List<ResponseStreamEvent> events = MAPPER.readValue("""
				[{"type": "response.output_text.delta", "item_id": "m", "output_index": 0, "content_index": 0,
				  "delta": "a", "sequence_number": 1, "logprobs": []},
				 {"sequence_number": 2, "type": "response.new_kind", "x": {"y": [1]}},
				 {"item_id": "m", "type": "response.output_text.delta", "output_index": 0, "content_index": 0,
				  "delta": "b", "sequence_number": 3, "logprobs": []}]""", new TypeReference<List<ResponseStreamEvent>>() {
		});
		assertThat(events).extracting(ResponseStreamEvent::sequenceNumber).containsExactly(1L, 2L, 3L);
		assertThat(events.get(1)).isInstanceOfSatisfying(UnknownResponseStreamEvent.class,
				(unknown) -> assertThat(unknown.json())
					.isEqualTo(MAPPER.readTree("{\"sequence_number\":2,\"type\":\"response.new_kind\",\"x\":{\"y\":[1]}}")));
		assertThat(events.get(2)).isInstanceOfSatisfying(ResponseTextDeltaEvent.class,
				(delta) -> assertThat(delta.delta()).isEqualTo("b"));
	}

	@Test
	void aVariantTheDiscriminatorNamesButWhoseFieldsDoNotFitFailsTheRead() {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> MAPPER.readValue(
				"{\"type\": \"response.output_text.delta\", \"sequence_number\": {\"not\": \"a number\"}}",
				ResponseStreamEvent.class));
	}

	@Test
	void anObjectOfAKindAddedLaterIsKeptWholeAndWrittenBackUnchanged() {
		String json = "{\"type\":\"hologram\",\"id\":\"h_1\",\"frames\":[1,2]}";
		ConversationItem item = MAPPER.readValue(json, ConversationItem.class);
		assertThat(item).isInstanceOf(ConversationItem.Unknown.class);
		assertThat(MAPPER.writeValueAsString(item)).isEqualTo(json);
	}

	@Test
	void aStringAndAnArrayAreReadAsTheirVariants() {
		assertThat(input("\"some text\"")).isEqualTo(new ModerationCreateParams.Input.OfString("some text"));
		assertThat(input("[\"a\", \"b\"]")).isEqualTo(new ModerationCreateParams.Input.OfArray(List.of("a", "b")));
	}

	@Test
	void ofTwoArrayVariantsTheOneItsElementsBindToIsChosen() {
		ModerationCreateParams.Input input = input("[{\"type\": \"text\", \"text\": \"hi\"}]");
		assertThat(input).isInstanceOf(ModerationCreateParams.Input.OfArray2.class);
		JsonNode written = MAPPER.valueToTree(input);
		assertThat(written).isEqualTo(MAPPER.readTree("[{\"type\":\"text\",\"text\":\"hi\"}]"));
	}

	@Test
	void jsonOfAKindNoVariantHasIsKeptWhole() {
		ModerationCreateParams.Input input = input("42");
		assertThat(input).isInstanceOf(ModerationCreateParams.Input.Unknown.class);
		assertThat(((ModerationCreateParams.Input.Unknown) input).json()).isEqualTo(MAPPER.readTree("42"));
	}

	@Test
	void aUnionValueIsWrittenAsItsVariant() {
		JsonNode written = MAPPER.valueToTree(ModerationCreateParams.builder().input("some text").build());
		assertThat(written.get("input").asString()).isEqualTo("some text");
	}

	private static ModerationCreateParams.Input input(String json) {
		return MAPPER.readValue(json, ModerationCreateParams.Input.class);
	}

}
