package io.asyncopenai.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import io.asyncopenai.tools.OpenAITool;
import io.asyncopenai.tools.OpenAITools;
import io.asyncopenai.tools.Tool;

/**
 * Finds the {@link OpenAITool} methods of the singleton beans once they are all created, as
 * Spring finds {@code @EventListener} methods, and adds their tools to {@link OpenAITools}.
 */
final class OpenAIToolMethodsRegistrar implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	OpenAIToolMethodsRegistrar(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		OpenAITools registry = this.beanFactory.getBeanProvider(OpenAITools.class).getIfUnique();
		if (registry == null) {
			return;
		}
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			if (!hasToolMethods(name)) {
				continue;
			}
			Object bean = this.beanFactory.getBean(name);
			try {
				List<Tool<?>> tools = Tool.fromMethods(bean);
				registry.add(tools);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("The @OpenAITool methods of the bean '" + name + "' cannot be tools: "
						+ ex.getMessage(), ex);
			}
		}
	}

	private boolean hasToolMethods(String name) {
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(name);
		if (definition.isAbstract() || !definition.isSingleton()) {
			return false;
		}
		Class<?> type = this.beanFactory.getType(name, false);
		if (type == null) {
			return false;
		}
		Class<?> userType = ClassUtils.getUserClass(type);
		return !MethodIntrospector
			.selectMethods(userType,
					(MethodIntrospector.MetadataLookup<OpenAITool>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, OpenAITool.class))
			.isEmpty();
	}

}
