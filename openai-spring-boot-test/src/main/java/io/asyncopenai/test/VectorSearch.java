package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How the mock's vector stores index and search text: static chunking, the vectors chunks and
 * queries are compared by, and attribute filters.
 *
 * <p>A token is a whitespace-separated word, as everywhere in the mock
 * ({@link MockContent#countTokens(String)}): a chunk is at most {@code max_chunk_size_tokens}
 * words, and the next chunk starts {@code chunk_overlap_tokens} words before its end.
 *
 * <p>A text's search vector is the mock's embedding of it ({@link MockContent#embedding}, a
 * hash of the whole text, so that equal texts match exactly) joined with a hashed bag of its
 * words (lower case, without punctuation, stop words and a plural {@code s}), the words
 * weighing 96% of the similarity: the mock's embeddings alone are unrelated for any two
 * different texts, and search would rank at random. So a chunk that shares words with a query
 * ranks above chunks that share none, whose score is 0.
 */
final class VectorSearch {

	/** The chunking of the {@code auto} strategy, which the API reports as static. */
	static final int DEFAULT_MAX_CHUNK_TOKENS = 800;

	static final int DEFAULT_CHUNK_OVERLAP_TOKENS = 400;

	private static final int HASH_DIMENSIONS = 64;

	private static final int WORD_DIMENSIONS = 1024;

	private static final float HASH_WEIGHT = 0.2f;

	private static final float WORD_WEIGHT = (float) Math.sqrt(1 - HASH_WEIGHT * HASH_WEIGHT);

	private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "can", "do",
			"for", "from", "has", "have", "how", "i", "in", "is", "it", "its", "my", "of", "on", "or", "our", "so",
			"that", "the", "their", "this", "to", "was", "we", "what", "when", "where", "which", "who", "will", "with",
			"you", "your");

	private static final List<String> OPERATORS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin");

	private VectorSearch() {
	}

	/**
	 * Splits a text into chunks of at most {@code maxTokens} words, each next one starting
	 * {@code overlapTokens} words before the end of the one before; whitespace inside a chunk is
	 * kept as it is.
	 */
	static List<String> chunks(String text, int maxTokens, int overlapTokens) {
		List<int[]> words = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			int start = i;
			while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			if (i > start) {
				words.add(new int[] { start, i });
			}
		}
		List<String> chunks = new ArrayList<>();
		int step = Math.max(1, maxTokens - overlapTokens);
		for (int first = 0; first < words.size(); first += step) {
			int last = Math.min(words.size(), first + maxTokens) - 1;
			chunks.add(text.substring(words.get(first)[0], words.get(last)[1]));
			if (last == words.size() - 1) {
				break;
			}
		}
		return chunks;
	}

	/** The unit vector a text is searched by: see the class description. */
	static float[] vector(String text) {
		float[] vector = new float[HASH_DIMENSIONS + WORD_DIMENSIONS];
		float[] hash = MockContent.embedding(text, HASH_DIMENSIONS, HASH_DIMENSIONS);
		List<String> words = words(text);
		float hashWeight = words.isEmpty() ? 1 : HASH_WEIGHT;
		for (int i = 0; i < HASH_DIMENSIONS; i++) {
			vector[i] = hash[i] * hashWeight;
		}
		if (words.isEmpty()) {
			return vector;
		}
		double[] counts = new double[WORD_DIMENSIONS];
		for (String word : words) {
			counts[Math.floorMod(word.hashCode(), WORD_DIMENSIONS)]++;
		}
		double norm = 0;
		for (double count : counts) {
			norm += count * count;
		}
		norm = Math.sqrt(norm);
		for (int i = 0; i < WORD_DIMENSIONS; i++) {
			vector[HASH_DIMENSIONS + i] = (float) (counts[i] / norm * WORD_WEIGHT);
		}
		return vector;
	}

	/** The similarity of two search vectors, between 0 and 1. */
	static double score(float[] a, float[] b) {
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
		}
		return Math.min(1, Math.max(0, dot));
	}

	/** The words of a text that search compares: lower case, no stop words, no plural {@code s}. */
	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (raw.isEmpty() || STOP_WORDS.contains(raw)) {
				continue;
			}
			String word = (raw.length() > 3 && raw.endsWith("s") && !raw.endsWith("ss"))
					? raw.substring(0, raw.length() - 1) : raw;
			words.add(word);
		}
		return words;
	}

	/** What {@code rewrite_query} makes of a query: its search words, joined by spaces. */
	static String rewrite(String query) {
		List<String> words = words(query);
		return words.isEmpty() ? query : String.join(" ", words);
	}

	/**
	 * Why a filter is invalid, or {@code null} if it is a valid comparison or compound filter.
	 */
	static @Nullable String invalidFilter(JsonNode filter) {
		if (!filter.isObject()) {
			return "Invalid 'filters': expected an object.";
		}
		String type = filter.path("type").asString("");
		if (type.equals("and") || type.equals("or")) {
			if (!filter.path("filters").isArray()) {
				return "Invalid 'filters': a compound filter needs an array of 'filters'.";
			}
			for (JsonNode inner : filter.path("filters")) {
				String invalid = invalidFilter(inner);
				if (invalid != null) {
					return invalid;
				}
			}
			return null;
		}
		if (!OPERATORS.contains(type)) {
			return "Invalid 'filters.type': '" + type + "' is not one of " + OPERATORS + ", 'and', 'or'.";
		}
		if (!filter.path("key").isString()) {
			return "Invalid 'filters': a comparison filter needs a string 'key'.";
		}
		JsonNode value = filter.path("value");
		boolean list = type.equals("in") || type.equals("nin");
		if (list ? !value.isArray() : !(value.isString() || value.isNumber() || value.isBoolean())) {
			return "Invalid 'filters.value' for '" + type + "': expected " + (list ? "an array." : "a string, number "
					+ "or boolean.");
		}
		return null;
	}

	/**
	 * Whether a file's attributes pass a valid filter. A comparison with an attribute the file
	 * lacks passes only for {@code ne} and {@code nin}; {@code gt}, {@code gte}, {@code lt} and
	 * {@code lte} compare numbers as numbers and anything else as text.
	 */
	static boolean matches(JsonNode filter, JsonNode attributes) {
		String type = filter.path("type").asString();
		if (type.equals("and") || type.equals("or")) {
			boolean and = type.equals("and");
			for (JsonNode inner : filter.path("filters")) {
				if (matches(inner, attributes) != and) {
					return !and;
				}
			}
			return and;
		}
		JsonNode actual = attributes.path(filter.path("key").asString());
		JsonNode expected = filter.path("value");
		if (actual.isMissingNode() || actual.isNull()) {
			return type.equals("ne") || type.equals("nin");
		}
		return switch (type) {
			case "eq" -> same(actual, expected);
			case "ne" -> !same(actual, expected);
			case "in", "nin" -> {
				boolean found = false;
				for (JsonNode item : expected) {
					found |= same(actual, item);
				}
				yield found == type.equals("in");
			}
			default -> {
				int order = compare(actual, expected);
				yield switch (type) {
					case "gt" -> order > 0;
					case "gte" -> order >= 0;
					case "lt" -> order < 0;
					default -> order <= 0;
				};
			}
		};
	}

	private static boolean same(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			return a.asDouble() == b.asDouble();
		}
		return a.equals(b);
	}

	private static int compare(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			return Double.compare(a.asDouble(), b.asDouble());
		}
		return a.asString("").compareTo(b.asString(""));
	}

}
