package io.asyncopenai.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

import io.asyncopenai.http.ProxySettings;

/**
 * Keeps the client's secrets out of Actuator's {@code /configprops} and {@code /env}, even
 * where they show values: the API key is masked, proxy URLs lose their credentials.
 */
class OpenAISanitizingFunction implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = data.getLowerCaseKey().replace("-", "").replace("_", "").replace(".", "");
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		if (key.endsWith("apikey")) {
			return data.withSanitizedValue();
		}
		if (key.contains("proxies") || key.endsWith("proxy")) {
			return data.withValue(ProxySettings.withoutCredentials(value.toString()));
		}
		return data;
	}

}
