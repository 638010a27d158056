package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/embeddings}: deterministic unit vectors, as float arrays or as base64 of
 * little-endian float32.
 */
final class EmbeddingsEndpoint {

	private static final int ADA_DIMENSIONS = 1536;

	Reply create(String body) {
		return Requests.withModel(body, Requests.missingModel(), this::create);
	}

	private Reply create(JsonNode request, String model) {
		List<Input> inputs = inputs(request.path("input"));
		if (inputs.isEmpty()) {
			return Requests.missingParameter("input");
		}
		int modelDimensions = model.startsWith("text-embedding-3-large") ? 3072 : ADA_DIMENSIONS;
		int dimensions = modelDimensions;
		if (request.hasNonNull("dimensions")) {
			if (!model.startsWith("text-embedding-3")) {
				return Requests.invalidParameter("dimensions", "This model does not support specifying dimensions.");
			}
			dimensions = Requests.optionalInt(request, "dimensions");
			if (dimensions < 1 || dimensions > modelDimensions) {
				return Requests.invalidParameter("dimensions", "Invalid value for 'dimensions' = "
						+ request.path("dimensions") + ". Must be between 1 and " + modelDimensions + ".");
			}
		}
		String encoding = request.path("encoding_format").asString("float");
		if (!encoding.equals("float") && !encoding.equals("base64")) {
			return Requests.invalidParameter("encoding_format",
					"'" + encoding + "' is not one of ['float', 'base64'] - 'encoding_format'");
		}
		ObjectNode response = Json.object();
		response.put("object", "list");
		ArrayNode data = response.putArray("data");
		int tokens = 0;
		for (int index = 0; index < inputs.size(); index++) {
			Input input = inputs.get(index);
			tokens += input.tokens();
			float[] vector = MockContent.embedding(input.text(), modelDimensions, dimensions);
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding");
			embedding.put("index", index);
			if (encoding.equals("base64")) {
				embedding.put("embedding", MockContent.base64(vector));
			}
			else {
				ArrayNode values = embedding.putArray("embedding");
				for (float value : vector) {
					values.add(value);
				}
			}
		}
		response.put("model", model);
		ObjectNode usage = response.putObject("usage");
		usage.put("prompt_tokens", tokens);
		usage.put("total_tokens", tokens);
		return new Reply.Json(200, Json.write(response));
	}

	/**
	 * The inputs of a request: a string, strings, a token array or token arrays. Token arrays
	 * embed as their JSON text.
	 */
	private static List<Input> inputs(JsonNode input) {
		List<Input> inputs = new ArrayList<>();
		if (input.isString()) {
			inputs.add(text(input.asString()));
		}
		else if (input.isArray() && !input.isEmpty()) {
			if (input.get(0).isIntegralNumber()) {
				inputs.add(new Input(Json.write(input), input.size()));
			}
			else {
				for (JsonNode item : input) {
					inputs.add(item.isArray() ? new Input(Json.write(item), item.size()) : text(item.asString("")));
				}
			}
		}
		return inputs;
	}

	private static Input text(String text) {
		return new Input(text, Math.max(1, MockContent.countTokens(text)));
	}

	private record Input(String text, int tokens) {

	}

}
