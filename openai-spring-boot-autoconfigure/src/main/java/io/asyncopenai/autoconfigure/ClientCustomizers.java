package io.asyncopenai.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The customizer beans of one client: those without a {@code @Qualifier} serve every client,
 * and one qualified with a client's name serves that named client only.
 */
final class ClientCustomizers {

	private ClientCustomizers() {
	}

	/**
	 * The customizers of a client, in order.
	 * @param beans where the customizers are
	 * @param type their type
	 * @param client the client's name, or {@code null} for the default client
	 * @param <T> their type
	 * @return the customizers
	 */
	static <T> List<T> of(ListableBeanFactory beans, Class<T> type, @Nullable String client) {
		Set<Object> served = Collections.newSetFromMap(new IdentityHashMap<>());
		for (String name : beans.getBeanNamesForType(type)) {
			Qualifier qualifier = beans.findAnnotationOnBean(name, Qualifier.class);
			if (qualifier == null || qualifier.value().equals(client)) {
				served.add(beans.getBean(name));
			}
		}
		// In the order of the provider, which also reads @Order on @Bean methods.
		return beans.getBeanProvider(type).orderedStream().filter(served::contains).toList();
	}

}
