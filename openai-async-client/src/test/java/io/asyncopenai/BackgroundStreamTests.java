package io.asyncopenai;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.models.responses.ResponseCompletedEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseCreatedEvent;
import io.asyncopenai.models.responses.ResponseRetrieveParams;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class BackgroundStreamTests {

	private static final ResponseCreateParams PARAMS = ResponseCreateParams.builder()
		.model("gpt-4o")
		.input("one two three four")
		.build();

	@Test
	void aDroppedBackgroundStreamResumesWithoutLosingOrRepeatingAnEvent(MockOpenAIServer server) {
		server.enqueue(Fault.closeMidStream(4));
		try (TestClient client = TestClient.of(server)) {
			List<ResponseStreamEvent> events = client.openai()
				.responses()
				.streamInBackground(PARAMS)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).extracting(ResponseStreamEvent::sequenceNumber)
				.containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
			assertThat(events).first().isInstanceOf(ResponseCreatedEvent.class);
			assertThat(events).last().isInstanceOf(ResponseCompletedEvent.class);
			StringBuilder text = new StringBuilder();
			events.stream()
				.filter(ResponseTextDeltaEvent.class::isInstance)
				.forEach((event) -> text.append(((ResponseTextDeltaEvent) event).delta()));
			assertThat(text).hasToString("Echo: one two three four");
		}
		List<RecordedRequest> requests = server.requests();
		assertThat(requests).extracting(RecordedRequest::method).containsExactly("POST", "GET");
		assertThat(Json.read(requests.get(0).body()).get("background").asBoolean()).isTrue();
		assertThat(requests.get(1).queryParameters().get("stream")).containsExactly("true");
		assertThat(requests.get(1).queryParameters().get("starting_after")).containsExactly("3");
	}

	@Test
	void aStreamIsResumedByHandFromTheEventAfterStartingAfter(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			List<ResponseStreamEvent> whole = client.openai()
				.responses()
				.createStreaming(PARAMS.toBuilder().background(true).build())
				.collectList()
				.block(TestClient.TIMEOUT);
			String id = ((ResponseCreatedEvent) whole.get(0)).response().id();
			List<ResponseStreamEvent> rest = client.openai()
				.responses()
				.retrieveStreaming(id, ResponseRetrieveParams.builder().startingAfter(5).build())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(rest).isEqualTo(whole.subList(6, whole.size()));
		}
	}

	@Test
	void resumesStopAtTheClientsMaxRetries(MockOpenAIServer server) {
		server.enqueue(Fault.closeMidStream(4), Fault.closeMidStream(2), Fault.closeMidStream(1));
		List<ResponseStreamEvent> received = new ArrayList<>();
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(1))) {
			StepVerifier.create(client.openai().responses().streamInBackground(PARAMS).doOnNext(received::add))
				.expectNextCount(6)
				.expectError(APIConnectionException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(received).extracting(ResponseStreamEvent::sequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
		assertThat(server.requests()).extracting(RecordedRequest::method).containsExactly("POST", "GET");
	}

}
