package io.asyncopenai;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReactorNettyMissingTests {

	@Test
	void buildingTheTransportWithoutReactorNettyNamesTheDependencyToAdd() throws Exception {
		try (URLClassLoader withoutReactorNetty = new HidingClassLoader(classpathUrls())) {
			Class<?> transport = withoutReactorNetty.loadClass("io.asyncopenai.http.OpenAIHttpClient");
			Method builder = transport.getMethod("builder");
			Throwable failure = null;
			try {
				builder.invoke(null);
			}
			catch (InvocationTargetException ex) {
				failure = ex.getCause();
			}
			assertThat(failure).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("io.projectreactor.netty:reactor-netty-http")
				.hasMessageContaining("openai-spring-boot-starter");
		}
	}

	private static URL[] classpathUrls() throws Exception {
		String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
		URL[] urls = new URL[entries.length];
		for (int i = 0; i < entries.length; i++) {
			urls[i] = new File(entries[i]).toURI().toURL();
		}
		return urls;
	}

	/**
	 * Loads the project's classes itself and hides Reactor Netty's and Netty's, as a classpath
	 * without reactor-netty-http would.
	 */
	private static final class HidingClassLoader extends URLClassLoader {

		HidingClassLoader(URL[] urls) {
			super(urls, ClassLoader.getPlatformClassLoader());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("reactor.netty.") || name.startsWith("io.netty.")) {
				throw new ClassNotFoundException(name);
			}
			return super.loadClass(name, resolve);
		}

	}

}
