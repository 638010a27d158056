package io.asyncopenai.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.models.Annotation;
import io.asyncopenai.models.FileSearchTool;
import io.asyncopenai.models.OutputMessageContent;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseOutputItem;
import io.asyncopenai.models.responses.ResponseOutputMessage;
import io.asyncopenai.models.vectorstores.VectorStoreCreateParams;

/**
 * The sample's documents API: texts uploaded into a vector store of their own, then questions
 * answered from them with the Responses API's file search, with the files the answer cites.
 */
@RestController
@RequestMapping("/api/documents")
class DocumentsController {

	/** The most documents one upload of the sample takes. */
	static final int MAX_DOCUMENTS = 20;

	private final AsyncOpenAI openAI;

	private final SampleProperties properties;

	DocumentsController(AsyncOpenAI openAI, SampleProperties properties) {
		this.openAI = openAI;
		this.properties = properties;
	}

	/** Creates a vector store, uploads the documents into it and waits until they are indexed. */
	@PostMapping
	Mono<Library> upload(@RequestBody Upload upload) {
		List<UploadFile> files = files(upload);
		return this.openAI.vectorStores()
			.create(VectorStoreCreateParams.builder().name("sample documents").build())
			.flatMap((store) -> this.openAI.vectorStores()
				.fileBatches()
				.uploadAndPoll(store.id(), files)
				.map((batch) -> new Library(store.id(), batch.status(), batch.fileCounts().completed(),
						batch.fileCounts().failed())));
	}

	/** Answers a question from the documents of a vector store. */
	@PostMapping("/{vectorStoreId}/questions")
	Mono<Answer> ask(@PathVariable String vectorStoreId, @RequestBody Question question) {
		if (question.question() == null || question.question().isBlank()) {
			throw new ServerWebInputException("question must not be blank");
		}
		ResponseCreateParams params = ResponseCreateParams.builder()
			.model(this.properties.chatModel())
			.input(question.question())
			.addTool(FileSearchTool.builder().vectorStoreIds(List.of(vectorStoreId)).maxNumResults(3).build())
			.build();
		return this.openAI.responses().create(params).map(Answer::of);
	}

	private static List<UploadFile> files(Upload upload) {
		List<Document> documents = (upload.documents() != null) ? upload.documents() : List.of();
		if (documents.isEmpty() || documents.size() > MAX_DOCUMENTS) {
			throw new ServerWebInputException("documents must hold 1 to " + MAX_DOCUMENTS + " documents");
		}
		List<UploadFile> files = new ArrayList<>();
		for (Document document : documents) {
			if (document.name() == null || document.name().isBlank() || document.text() == null
					|| document.text().isBlank()) {
				throw new ServerWebInputException("each document needs a name and a text");
			}
			String name = document.name().endsWith(".txt") ? document.name() : document.name() + ".txt";
			files.add(UploadFile.of(document.text().getBytes(StandardCharsets.UTF_8), name, "text/plain"));
		}
		return files;
	}

	record Upload(@Nullable List<Document> documents) {

	}

	record Document(@Nullable String name, @Nullable String text) {

	}

	/**
	 * A vector store of the sample's documents, indexed.
	 */
	record Library(String vectorStoreId, String status, long indexed, long failed) {

	}

	record Question(@Nullable String question) {

	}

	/**
	 * An answer, and the files it cites.
	 */
	record Answer(String text, List<String> citations) {

		static Answer of(Response response) {
			Set<String> cited = new LinkedHashSet<>();
			for (ResponseOutputItem item : (response.output() != null) ? response.output() : List.<ResponseOutputItem>of()) {
				if (item instanceof ResponseOutputMessage message && message.content() != null) {
					for (OutputMessageContent part : message.content()) {
						if (part instanceof OutputMessageContent.OutputText text) {
							for (Annotation annotation : text.value().annotations()) {
								if (annotation instanceof Annotation.FileCitation citation) {
									cited.add(citation.value().filename());
								}
							}
						}
					}
				}
			}
			return new Answer(response.outputText(), List.copyOf(cited));
		}

	}

}
