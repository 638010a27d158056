package io.asyncopenai.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample's endpoints.
 *
 * @param chatModel model of the chat endpoints
 * @param embeddingModel model of the embeddings endpoint
 * @param batchPollInterval how often the batch page's events look at a running batch
 * @param toolDelay how long each of the travel tools takes, standing in for a slow backend
 * @param realtimeModel model of the realtime page's sessions
 */
@ConfigurationProperties("sample")
public record SampleProperties(String chatModel, String embeddingModel,
		@DefaultValue("1s") Duration batchPollInterval, @DefaultValue("500ms") Duration toolDelay,
		@DefaultValue("gpt-realtime") String realtimeModel) {

}
