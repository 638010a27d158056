package io.asyncopenai.sample;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

import io.asyncopenai.AsyncOpenAI;

/**
 * Maps the realtime page's WebSocket, {@code /ws/realtime}, to {@link RealtimeRelay}.
 */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration {

	@Bean
	HandlerMapping realtimeWebSocketMapping(AsyncOpenAI openAI, SampleProperties properties) {
		return new SimpleUrlHandlerMapping(Map.of("/ws/realtime", new RealtimeRelay(openAI, properties)), -1);
	}

}
