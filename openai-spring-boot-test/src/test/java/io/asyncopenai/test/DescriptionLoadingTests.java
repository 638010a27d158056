package io.asyncopenai.test;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock reads the API description only when a request needs it, so that tests of the
 * realistic endpoints do not pay for it. Runs the mock from a class loader of its own, where
 * no other test has read the description yet.
 */
class DescriptionLoadingTests {

	private static final String PACKAGE = MockOpenAIServer.class.getPackageName() + ".";

	@Test
	void onlyARequestForAnotherOperationReadsTheDescription() throws Exception {
		URL classes = MockOpenAIServer.class.getProtectionDomain().getCodeSource().getLocation();
		try (OwnPackageFirst loader = new OwnPackageFirst(classes)) {
			Class<?> serverType = loader.loadClass(MockOpenAIServer.class.getName());
			assertThat(serverType).isNotSameAs(MockOpenAIServer.class);
			Method isLoaded = loader.loadClass(OpenAPIDescription.class.getName()).getDeclaredMethod("isLoaded");
			isLoaded.setAccessible(true);
			try (AutoCloseable server = (AutoCloseable) serverType.getMethod("start").invoke(null)) {
				int port = (int) serverType.getMethod("port").invoke(server);
				assertThat(get(port, "/v1/models").statusCode()).isEqualTo(200);
				assertThat(post(port, "/v1/chat/completions",
						"{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").statusCode())
					.isEqualTo(200);
				assertThat(post(port, "/v1/responses", "{\"model\": \"gpt-4o\", \"input\": \"Hi\"}").statusCode())
					.isEqualTo(200);
				assertThat(post(port, "/v1/embeddings", "{\"model\": \"text-embedding-3-small\", \"input\": \"Hi\"}")
					.statusCode()).isEqualTo(200);
				assertThat(get(port, "/v1/responses/resp_missing").statusCode()).isEqualTo(404);
				assertThat(get(port, "/v1/files").statusCode()).isEqualTo(200);
				assertThat(get(port, "/v1/batches").statusCode()).isEqualTo(200);
				assertThat(get(port, "/v1/vector_stores").statusCode()).isEqualTo(200);
				assertThat(isLoaded.invoke(null)).isEqualTo(false);
				assertThat(get(port, "/v1/containers").statusCode()).isEqualTo(200);
				assertThat(isLoaded.invoke(null)).isEqualTo(true);
			}
		}
	}

	private static HttpResponse<String> get(int port, String path) {
		return Http.send(request(port, path).GET().build());
	}

	private static HttpResponse<String> post(int port, String path, String json) {
		return Http.send(request(port, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Http.TIMEOUT)
			.header("Authorization", "Bearer " + Http.KEY);
	}

	/**
	 * Loads the mock's own classes afresh from its classes directory, and everything else
	 * (Netty, Jackson) from the test's class loader.
	 */
	private static final class OwnPackageFirst extends URLClassLoader {

		OwnPackageFirst(URL classes) {
			super(new URL[] { classes }, DescriptionLoadingTests.class.getClassLoader());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith(PACKAGE)) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = findClass(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
