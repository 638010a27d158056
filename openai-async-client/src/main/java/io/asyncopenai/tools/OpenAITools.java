package io.asyncopenai.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Tools by name: in a Spring Boot application, every {@link OpenAITool} method of the
 * context's beans, gathered when the context has started. Thread-safe.
 */
public final class OpenAITools {

	private final Map<String, Tool<?>> tools = new LinkedHashMap<>();

	/**
	 * Adds tools.
	 * @param tools the tools
	 * @throws IllegalArgumentException if a name is taken, naming both tools
	 */
	public synchronized void add(Collection<? extends Tool<?>> tools) {
		for (Tool<?> tool : tools) {
			Tool<?> other = this.tools.putIfAbsent(tool.name(), tool);
			if (other != null) {
				throw new IllegalArgumentException(
						"Two tools are named " + tool.name() + ": " + other + " and " + tool);
			}
		}
	}

	/**
	 * A tool by its name.
	 * @param name the name
	 * @return the tool, or {@code null} if there is none of that name
	 */
	public synchronized @Nullable Tool<?> get(String name) {
		return this.tools.get(name);
	}

	/**
	 * Tools by their names, in that order.
	 * @param names the names
	 * @return the tools
	 * @throws IllegalArgumentException if a name has no tool, listing the names there are
	 */
	public synchronized List<Tool<?>> select(String... names) {
		List<Tool<?>> selected = new ArrayList<>(names.length);
		for (String name : names) {
			selected.add(require(name));
		}
		return selected;
	}

	/**
	 * A tool by its name, which must be one of them.
	 * @param name the name
	 * @return the tool
	 * @throws IllegalArgumentException if there is none of that name, listing the names there
	 * are
	 */
	public synchronized Tool<?> require(String name) {
		Tool<?> tool = this.tools.get(name);
		if (tool == null) {
			throw new IllegalArgumentException(
					"There is no tool named " + name + "; the tools are " + String.join(", ", this.tools.keySet()));
		}
		return tool;
	}

	/**
	 * Every tool, in the order they were added.
	 * @return the tools
	 */
	public synchronized List<Tool<?>> all() {
		return List.copyOf(this.tools.values());
	}

	@Override
	public synchronized String toString() {
		return "OpenAITools" + this.tools.keySet();
	}

}
