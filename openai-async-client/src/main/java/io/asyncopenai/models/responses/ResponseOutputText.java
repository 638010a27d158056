package io.asyncopenai.models.responses;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.models.OutputMessageContent;

/**
 * The text of a response, as the Python SDK's {@code output_text}: implemented by the generated
 * {@link Response}.
 */
public interface ResponseOutputText {

	/**
	 * What the model produced.
	 * @return the output items
	 */
	@Nullable List<ResponseOutputItem> output();

	/**
	 * The text of every {@code output_text} part of every output message, joined in order.
	 * @return the text, empty if there is none
	 */
	default String outputText() {
		List<ResponseOutputItem> output = output();
		if (output == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (ResponseOutputItem item : output) {
			if (item instanceof ResponseOutputMessage message && message.content() != null) {
				for (OutputMessageContent part : message.content()) {
					if (part instanceof OutputMessageContent.OutputText outputText) {
						text.append(outputText.value().text());
					}
				}
			}
		}
		return text.toString();
	}

}
