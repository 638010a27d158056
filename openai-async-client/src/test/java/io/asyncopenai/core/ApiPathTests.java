package io.asyncopenai.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiPathTests {

	@Test
	void namedValuesFillTheirPlaceholdersUrlEncodedAndKeepTheTemplate() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("file_id", "file a/b?c");
		values.put("vector_store_id", "vs_1");
		ApiPath path = ApiPath.of("/vector_stores/{vector_store_id}/files/{file_id}", values);
		assertThat(path.template()).isEqualTo("/vector_stores/{vector_store_id}/files/{file_id}");
		assertThat(path.path()).isEqualTo("/vector_stores/vs_1/files/file%20a%2Fb%3Fc");
	}

	@Test
	void namedValuesAreWrittenAsTextAndKeepColonsAsPositionalValuesDo() {
		assertThat(ApiPath.of("/models/{model}", Map.of("model", "ft:gpt-4o-mini:acme::x1")).path())
			.isEqualTo(ApiPath.of("/models/{model}", "ft:gpt-4o-mini:acme::x1").path())
			.isEqualTo("/models/ft:gpt-4o-mini:acme::x1");
		assertThat(ApiPath.of("/items/{n}/{flag}", Map.of("n", 42, "flag", true)).path()).isEqualTo("/items/42/true");
	}

	@Test
	void aPlaceholderWithoutAValueFailsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiPath.of("/threads/{thread_id}/runs/{run_id}", Map.of("thread_id", "t")))
			.withMessageContaining("{run_id}");
	}

	@Test
	void aNullValueCountsAsNoValue() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("model", null);
		assertThatIllegalArgumentException().isThrownBy(() -> ApiPath.of("/models/{model}", values))
			.withMessageContaining("{model}");
	}

	@Test
	void aValueWithoutAPlaceholderFailsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiPath.of("/models/{model}", Map.of("model", "gpt-4o", "modle", "x")))
			.withMessageContaining("modle");
	}

	@Test
	void aTemplateWithoutPlaceholdersTakesNoValues() {
		assertThat(ApiPath.of("/files", Map.of())).isEqualTo(ApiPath.literal("/files"));
	}

	@Test
	void queryAppendsPairsEncodedAsPathValuesAreAndKeepsTheTemplate() {
		ApiPath path = ApiPath.of("/files/{file_id}", Map.of("file_id", "f1"))
			.query("purpose", "fine tune")
			.query("after", "a&b=c");
		assertThat(path.template()).isEqualTo("/files/{file_id}");
		assertThat(path.path()).isEqualTo("/files/f1?purpose=fine%20tune&after=a%26b%3Dc");
	}

	@Test
	void aNullValueAppendsNothing() {
		ApiPath path = ApiPath.literal("/files");
		assertThat(path.query("limit", null)).isSameAs(path);
	}

	@Test
	void aCollectionAppendsOnePairPerElementInOrder() {
		ApiPath path = ApiPath.literal("/responses/r1").query("include[]", List.of("b.x", "a.y")).query("limit", 10);
		assertThat(path.path()).isEqualTo("/responses/r1?include%5B%5D=b.x&include%5B%5D=a.y&limit=10");
		assertThat(ApiPath.literal("/r").query("include[]", List.of()).path()).isEqualTo("/r");
	}

	@Test
	void booleansAndNumbersAreWrittenAsText() {
		assertThat(ApiPath.literal("/r").query("stream", true).query("order", false).query("n", 2.5).path())
			.isEqualTo("/r?stream=true&order=false&n=2.5");
	}

}
