package io.asyncopenai.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's endpoints.
 *
 * @param chatModel model of the chat endpoints
 * @param embeddingModel model of the embeddings endpoint
 */
@ConfigurationProperties("sample")
public record SampleProperties(String chatModel, String embeddingModel) {

}
