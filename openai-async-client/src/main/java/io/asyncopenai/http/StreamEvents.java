package io.asyncopenai.http;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.APIException;

/**
 * Turns the data of one Server-Sent Event into its type, or into the error the event reports.
 */
final class StreamEvents {

	private final JsonMapper mapper;

	private final ErrorMapper errors;

	StreamEvents(JsonMapper mapper, ErrorMapper errors) {
		this.mapper = mapper;
		this.errors = errors;
	}

	/**
	 * One event's data as its type. Data without an {@code "error"} anywhere is bound directly;
	 * other data is read as a tree first, so that an {@code error} member ends the stream and
	 * an {@code "error": null} member does not.
	 * @param data the event's data
	 * @param type the type of the event
	 * @param <T> the type of the event
	 * @return the event
	 * @throws APIException if the event reports an error or its data does not fit the type
	 */
	<T> T decode(String data, Class<T> type) {
		try {
			if (!data.contains("\"error\"")) {
				return this.mapper.readValue(data, type);
			}
			JsonNode json = this.mapper.readTree(data);
			JsonNode error = json.path("error");
			if (!error.isMissingNode() && !error.isNull()) {
				throw this.errors.streamError(json, data);
			}
			return this.mapper.treeToValue(json, type);
		}
		catch (JacksonException ex) {
			throw new APIException(
					"Could not parse a stream event as " + type.getSimpleName() + ": " + ex.getOriginalMessage(), data, ex);
		}
	}

}
