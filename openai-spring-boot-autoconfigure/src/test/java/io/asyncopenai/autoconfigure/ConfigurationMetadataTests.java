package io.asyncopenai.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE reads (the processor's output merged with the additional
 * file): every property documented, and the named clients typed so that an IDE completes
 * {@code openai.clients.<name>.*} from {@link OpenAIProperties}, as for Spring Boot's own maps of
 * objects such as OAuth2 client registrations.
 */
class ConfigurationMetadataTests {

	private final Map<String, JsonNode> properties = properties();

	@Test
	void everyPropertyHasASentenceAndTheClassItComesFrom() {
		List<String> undocumented = new ArrayList<>();
		this.properties.forEach((name, property) -> {
			String description = property.path("description").asString("");
			if (description.isBlank() || !description.endsWith(".") || property.path("sourceType").isMissingNode()) {
				undocumented.add(name);
			}
		});
		assertThat(this.properties).hasSizeGreaterThan(40);
		assertThat(undocumented).isEmpty();
	}

	@Test
	void namedClientsAreAMapOfTheSamePropertiesAsTheDefaultClient() {
		JsonNode clients = this.properties.get("openai.clients");
		assertThat(clients.path("type").asString())
			.isEqualTo("java.util.Map<java.lang.String," + OpenAIProperties.class.getName() + ">");
		assertThat(clients.path("description").asString()).contains("<name>AsyncOpenAI", "inherits from openai.*");
		assertThat(this.properties).containsKeys("openai.api-key", "openai.azure.endpoint", "openai.http.timeout",
				"openai.http.rate-limit.enabled", "openai.default-client.enabled");
	}

	private static Map<String, JsonNode> properties() {
		try (InputStream metadata = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("the build's configuration metadata").isNotNull();
			Map<String, JsonNode> properties = new HashMap<>();
			JsonMapper.builder().build().readTree(metadata).path("properties")
				.forEach((property) -> properties.put(property.path("name").asString(), property));
			return properties;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
