package io.asyncopenai.test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class MultipartRequestsTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@Test
	void partsOfAFormAreRecordedWithTheBodyText() {
		byte[] form = Forms.form()
			.field("purpose", "batch")
			.field("expires_after[seconds]", "3600")
			.file("file", "input.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8))
			.build();
		Forms.post(mock.server(), "/v1/containers", form);
		RecordedRequest request = mock.server().lastRequest();
		assertThat(request.body()).isEqualTo(new String(form, StandardCharsets.UTF_8));
		assertThat(request.bodyBytes()).isEqualTo(form);
		assertThat(request.bodySize()).isEqualTo(form.length);
		assertThat(request.parts()).extracting(RecordedPart::name)
			.containsExactly("purpose", "expires_after[seconds]", "file");
		assertThat(request.part("expires_after[seconds]").text()).isEqualTo("3600");
		assertThat(request.part("file").filename()).isEqualTo("input.jsonl");
		assertThat(request.part("file").contentType()).isEqualTo("application/octet-stream");
		assertThat(request.part("file").bytes()).containsExactly('{', '}', '\n');
	}

	@Test
	void aFileOf200MegabytesPassesWithoutStayingOnTheHeap() throws IOException {
		long size = 200L * 1024 * 1024;
		long before = usedHeapAfterGc();
		HttpResponse<String> response = Forms.postGenerated(mock.server(), "/v1/containers",
				Forms.form().field("purpose", "user_data"), "file", "big.bin", size, 42);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		RecordedRequest request = mock.server().lastRequest();
		assertThat(request.header("transfer-encoding")).isEqualTo("chunked");
		assertThat(usedHeapAfterGc() - before).isLessThan(24L * 1024 * 1024);
		RecordedPart file = request.part("file");
		assertThat(file.size()).isEqualTo(size);
		assertThat(file.sha256()).isEqualTo(Forms.sha256(size, 42));
		assertThat(request.body()).startsWith("<multipart/form-data body of ").endsWith(" bytes: see parts()>");
		assertThat(request.bodyBytes()).isEmpty();
		assertThat(request.bodySize()).isGreaterThan(size);
		assertThat(request.part("purpose").text()).isEqualTo("user_data");
	}

	@Test
	void aFormWithContentLengthIsReadAsItArrives() {
		long size = 3L * 1024 * 1024 + 5;
		Forms fields = Forms.form().field("purpose", "batch");
		byte[] head = (new String(fields.build(), StandardCharsets.UTF_8).replace(Forms.closing(), "")
				+ Forms.fileHeader("file", "a.bin")).getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n" + Forms.closing()).getBytes(StandardCharsets.UTF_8);
		Flow.Publisher<java.nio.ByteBuffer> publisher = java.net.http.HttpRequest.BodyPublishers
			.ofInputStream(() -> new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
					new java.io.ByteArrayInputStream(head), new Forms.Generated(size, 9),
					new java.io.ByteArrayInputStream(tail)))));
		HttpResponse<String> response = Http.send(Http.request(mock.server(), "/v1/containers")
			.header("Content-Type", Forms.CONTENT_TYPE)
			.POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(publisher, head.length + size + tail.length))
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		RecordedRequest request = mock.server().lastRequest();
		assertThat(request.header("content-length")).isEqualTo(Long.toString(head.length + size + tail.length));
		assertThat(request.part("file").size()).isEqualTo(size);
	}

	@Test
	void malformedFormsGetTheApiBadRequestError() {
		byte[] form = Forms.form().field("purpose", "batch").build();
		byte[] unclosed = java.util.Arrays.copyOf(form, form.length - Forms.closing().length());
		HttpResponse<String> response = Forms.post(mock.server(), "/v1/containers", unclosed);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(OpenAPISchemas.validate("ErrorResponse", Http.json(response))).isEmpty();
		assertThat(Http.json(response).at("/error/message").asString()).contains("closing delimiter");
		HttpResponse<String> noBoundary = Http.send(Http.request(mock.server(), "/v1/containers")
			.header("Content-Type", "multipart/form-data")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form))
			.build());
		assertThat(noBoundary.statusCode()).isEqualTo(400);
		assertThat(Http.json(noBoundary).at("/error/type").asString()).isEqualTo("invalid_request_error");
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
