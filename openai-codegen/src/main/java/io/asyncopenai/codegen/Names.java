package io.asyncopenai.codegen;

import java.util.Locale;
import java.util.Set;

/**
 * Java names made from the description's names: schema names, property names, enum values
 * and service paths each need a valid, stable identifier.
 */
final class Names {

	private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
			"catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
			"final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
			"interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
			"static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
			"void", "volatile", "while", "true", "false", "null", "record", "sealed", "permits", "var", "yield",
			"non-sealed", "_");

	/** Names a record component may not take: they would hide a method every record has. */
	private static final Set<String> RESERVED_MEMBERS = Set.of("hashCode", "toString", "equals", "getClass",
			"notify", "notifyAll", "wait", "clone", "finalize", "builder", "toBuilder");

	private Names() {
	}

	/** {@code vector_store.file-batch} → {@code VectorStoreFileBatch}. */
	static String pascal(String name) {
		StringBuilder out = new StringBuilder();
		boolean upper = true;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
			else {
				upper = true;
			}
		}
		if (out.length() == 0) {
			return "Value";
		}
		if (Character.isDigit(out.charAt(0))) {
			out.insert(0, 'V');
		}
		return out.toString();
	}

	/** {@code created_at} → {@code createdAt}; keywords and record methods get a trailing underscore. */
	static String camel(String name) {
		String pascal = pascal(name);
		String camel = Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
		if (pascal.equals("Value") && name.chars().noneMatch(Character::isLetterOrDigit)) {
			camel = "value";
		}
		return (KEYWORDS.contains(camel) || RESERVED_MEMBERS.contains(camel)) ? camel + "_" : camel;
	}

	/** {@code gpt-4o-mini} → {@code GPT_4O_MINI}; {@code 1024x1024} → {@code _1024X1024}. */
	static String constant(String value) {
		StringBuilder out = new StringBuilder();
		char previous = '_';
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isLetterOrDigit(c) && c < 128) {
				if (Character.isUpperCase(c) && Character.isLowerCase(previous) && out.length() > 0) {
					out.append('_');
				}
				out.append(Character.toUpperCase(c));
			}
			else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
				out.append('_');
			}
			previous = c;
		}
		while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
			out.setLength(out.length() - 1);
		}
		if (out.length() == 0) {
			return "EMPTY";
		}
		if (Character.isDigit(out.charAt(0))) {
			out.insert(0, '_');
		}
		String constant = out.toString();
		return KEYWORDS.contains(constant.toLowerCase(Locale.ROOT)) && constant.equals("_") ? "UNDERSCORE" : constant;
	}

	/** {@code fileBatches} → {@code FileBatch}: the resource name a service class is named after. */
	static String singular(String name) {
		String pascal = pascal(name);
		if (pascal.endsWith("ies")) {
			return pascal.substring(0, pascal.length() - 3) + "y";
		}
		if (pascal.endsWith("sses") || pascal.endsWith("ches") || pascal.endsWith("shes") || pascal.endsWith("xes")) {
			return pascal.substring(0, pascal.length() - 2);
		}
		if (pascal.endsWith("s") && !pascal.endsWith("ss") && !pascal.endsWith("us")) {
			return pascal.substring(0, pascal.length() - 1);
		}
		return pascal;
	}

	/** {@code vectorStores.fileBatches} → {@code vectorstores.filebatches}. */
	static String packageSegment(String servicePath) {
		return servicePath.toLowerCase(Locale.ROOT);
	}

	/** Text safe inside a Javadoc comment. */
	static String javadoc(String text) {
		return text.replace("*/", "*&#47;").replace("/*", "&#47;*").replace("@", "{@literal @}").replace("\\u", "\\\\u").strip();
	}

}
