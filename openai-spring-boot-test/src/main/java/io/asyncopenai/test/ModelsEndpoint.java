package io.asyncopenai.test;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/models}: list, retrieve and delete, over a registry that starts with a few of
 * the API's models and can be extended with fine-tuned ones.
 */
final class ModelsEndpoint {

	private static final long CREATED = 1_686_935_002L;

	private final Map<String, ObjectNode> models = new LinkedHashMap<>();

	ModelsEndpoint() {
		reset();
	}

	synchronized void reset() {
		this.models.clear();
		for (String id : new String[] { "gpt-4o", "gpt-4o-mini", "gpt-4.1", "o4-mini", "text-embedding-3-small",
				"text-embedding-3-large", "text-embedding-ada-002" }) {
			add(id, "system");
		}
	}

	synchronized void add(String id, String ownedBy) {
		ObjectNode model = Json.object();
		model.put("id", id);
		model.put("object", "model");
		model.put("created", CREATED);
		model.put("owned_by", ownedBy);
		this.models.put(id, model);
	}

	synchronized Reply list() {
		ObjectNode list = Json.object();
		list.put("object", "list");
		ArrayNode data = list.putArray("data");
		this.models.values().forEach(data::add);
		return new Reply.Json(200, Json.write(list));
	}

	synchronized Reply retrieve(String id) {
		ObjectNode model = this.models.get(id);
		return (model != null) ? new Reply.Json(200, Json.write(model)) : notFound(id);
	}

	synchronized Reply delete(String id) {
		ObjectNode model = this.models.get(id);
		if (model == null) {
			return notFound(id);
		}
		if (!id.startsWith("ft:")) {
			return Requests.error(403, new OpenAIError("You have insufficient permissions for this operation. "
					+ "Only fine-tuned models can be deleted.", "invalid_request_error", null, null));
		}
		this.models.remove(id);
		ObjectNode deleted = Json.object();
		deleted.put("id", id);
		deleted.put("object", "model");
		deleted.put("deleted", true);
		return new Reply.Json(200, Json.write(deleted));
	}

	private static Reply notFound(String id) {
		return Requests.error(404, new OpenAIError("The model '" + id + "' does not exist", "invalid_request_error",
				"model", "model_not_found"));
	}

}
