package io.asyncopenai.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.asyncopenai.tools.OpenAITool;
import io.asyncopenai.tools.OpenAITools;

/**
 * Auto-configuration of {@link OpenAITools}: every {@link OpenAITool} method of the context's
 * singleton beans becomes a tool, by name, once the singletons are created. A method that
 * cannot be a tool fails the startup, naming it.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.asyncopenai.tools.OpenAITools")
@ConditionalOnBooleanProperty(name = "openai.enabled", matchIfMissing = true)
public final class OpenAIToolsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OpenAITools openAITools() {
		return new OpenAITools();
	}

	@Bean
	static OpenAIToolMethodsRegistrar openAIToolMethodsRegistrar(ConfigurableListableBeanFactory beanFactory) {
		return new OpenAIToolMethodsRegistrar(beanFactory);
	}

}
