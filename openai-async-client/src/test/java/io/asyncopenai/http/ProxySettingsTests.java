package io.asyncopenai.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProxySettingsTests {

	@Test
	void environmentVariablesSetProxiesPerSchemeWithAllProxyAsFallback() {
		ProxySettings settings = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://secure:3128",
				"all_proxy", "socks5://fallback:1080", "NO_PROXY", "internal.example, .corp,localhost:8080"));
		assertThat(settings.https()).isEqualTo(URI.create("http://secure:3128"));
		assertThat(settings.http()).isEqualTo(URI.create("socks5://fallback:1080"));
		assertThat(settings.noProxy()).containsExactly("internal.example", ".corp", "localhost:8080");
	}

	@Test
	void proxyWithoutSchemeInTheEnvironmentIsHttp() {
		assertThat(ProxySettings.fromEnvironment(Map.of("http_proxy", "proxy:3128")).http())
			.isEqualTo(URI.create("http://proxy:3128"));
	}

	@Test
	void noProxyVariableMeansNoProxy() {
		assertThat(ProxySettings.fromEnvironment(Map.of("NO_PROXY", "x")).isEmpty()).isTrue();
	}

	@Test
	void noProxyMatchesExactNamesSuffixesWildcardsAndEverything() {
		ProxySettings settings = new ProxySettings(URI.create("http://p:1"), URI.create("http://p:1"),
				List.of("api.internal", "*.corp.example", ".lan", "localhost:8080"));
		assertThat(settings.select(true, "api.internal")).isNull();
		assertThat(settings.select(true, "x.api.internal")).isNull();
		assertThat(settings.select(true, "deep.corp.example")).isNull();
		assertThat(settings.select(false, "printer.lan")).isNull();
		assertThat(settings.select(false, "localhost")).isNull();
		assertThat(settings.select(true, "api.openai.com")).isEqualTo(URI.create("http://p:1"));
		assertThat(settings.select(true, "notapi.internal")).isEqualTo(URI.create("http://p:1"));
		ProxySettings all = new ProxySettings(URI.create("http://p:1"), null, List.of("*"));
		assertThat(all.select(false, "anything")).isNull();
	}

	@Test
	void badProxyUrlsFailWithoutShowingCredentials() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProxySettings.parse("ftp://user:secret@proxy:21"))
			.withMessageContaining("ftp")
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> ProxySettings.parse("http://user:secret@"))
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> ProxySettings.parse("http://[bad"));
	}

	@Test
	void credentialsAreDecodedAndHiddenFromToString() {
		URI proxy = ProxySettings.parse("http://us%20er:p%40ss@proxy:3128");
		assertThat(ProxySettings.username(proxy)).isEqualTo("us er");
		assertThat(ProxySettings.password(proxy)).isEqualTo("p@ss");
		assertThat(new ProxySettings(proxy, proxy, List.of()).toString()).doesNotContain("p%40ss").doesNotContain("us%20er");
	}

}
