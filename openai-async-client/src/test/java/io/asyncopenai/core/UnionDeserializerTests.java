package io.asyncopenai.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.models.conversations.items.ConversationItem;
import io.asyncopenai.models.moderations.ModerationCreateParams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the generated unions: by discriminator, by JSON kind, the first of several variants
 * of one kind that binds, and JSON that fits none kept whole.
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
