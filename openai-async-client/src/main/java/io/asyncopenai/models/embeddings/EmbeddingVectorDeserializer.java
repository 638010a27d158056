package io.asyncopenai.models.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads an embedding vector from either encoding the API sends: a JSON array of floats, or a
 * base64 string of little-endian float32 values.
 */
final class EmbeddingVectorDeserializer extends ValueDeserializer<float[]> {

	@Override
	public float[] deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			byte[] bytes = Base64.getDecoder().decode(parser.getString());
			if (bytes.length % Float.BYTES != 0) {
				return context.reportInputMismatch(float[].class,
						"A base64 embedding must hold whole float32 values, had %d bytes", bytes.length);
			}
			float[] vector = new float[bytes.length / Float.BYTES];
			ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
			return vector;
		}
		return context.readValue(parser, float[].class);
	}

}
