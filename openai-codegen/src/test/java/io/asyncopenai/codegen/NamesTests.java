package io.asyncopenai.codegen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTests {

	@Test
	void schemaAndPropertyNamesBecomeJavaIdentifiers() {
		assertThat(Names.pascal("Error-2")).isEqualTo("Error2");
		assertThat(Names.pascal("vector_store.file_batch")).isEqualTo("VectorStoreFileBatch");
		assertThat(Names.camel("api_key.created")).isEqualTo("apiKeyCreated");
		assertThat(Names.camel("self-harm/intent")).isEqualTo("selfHarmIntent");
		assertThat(Names.camel("default")).isEqualTo("default_");
		assertThat(Names.camel("hashCode")).isEqualTo("hashCode_");
	}

	@Test
	void enumValuesBecomeConstantNames() {
		assertThat(Names.constant("gpt-4o-mini")).isEqualTo("GPT_4O_MINI");
		assertThat(Names.constant("1024x1024")).isEqualTo("_1024X1024");
		assertThat(Names.constant("response.output_text.delta")).isEqualTo("RESPONSE_OUTPUT_TEXT_DELTA");
		assertThat(Names.constant("")).isEqualTo("EMPTY");
	}

	@Test
	void resourcesAreNamedInTheSingular() {
		assertThat(Names.singular("fileBatches")).isEqualTo("FileBatch");
		assertThat(Names.singular("vectorStores")).isEqualTo("VectorStore");
		assertThat(Names.singular("responses")).isEqualTo("Response");
		assertThat(Names.singular("entries")).isEqualTo("Entry");
		assertThat(Names.singular("audio")).isEqualTo("Audio");
	}

}
