package io.asyncopenai;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.core.UploadFile;
import io.asyncopenai.models.images.Image;
import io.asyncopenai.models.images.ImageEditCompletedEvent;
import io.asyncopenai.models.images.ImageEditParams;
import io.asyncopenai.models.images.ImageEditPartialImageEvent;
import io.asyncopenai.models.images.ImageEditStreamEvent;
import io.asyncopenai.models.images.ImageGenCompletedEvent;
import io.asyncopenai.models.images.ImageGenPartialImageEvent;
import io.asyncopenai.models.images.ImageGenStreamEvent;
import io.asyncopenai.models.images.ImageGenerateParams;
import io.asyncopenai.models.images.ImagesResponse;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images as a user makes them: generated whole or streamed with partial images, and edited from
 * an uploaded picture, on a MockOpenAIServer that draws real PNGs.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class ImagesFlowTests {

	@Test
	void generatedImagesArePngsOfTheAskedSize(MockOpenAIServer server) throws IOException {
		try (TestClient client = TestClient.of(server)) {
			ImagesResponse images = client.openai()
				.images()
				.generate(ImageGenerateParams.builder().model("gpt-image-1").prompt("a red square").n(2).size("1024x1024").build())
				.block(TestClient.TIMEOUT);
			assertThat(images.data()).hasSize(2);
			for (Image image : images.data()) {
				assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.b64Json())))).isNotNull();
			}
		}
	}

	@Test
	void aStreamedGenerationSendsItsPartialImagesThenTheImage(MockOpenAIServer server) throws IOException {
		try (TestClient client = TestClient.of(server)) {
			List<ImageGenStreamEvent> events = client.openai()
				.images()
				.generateStreaming(ImageGenerateParams.builder().model("gpt-image-1").prompt("a cat").partialImages(2).build())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).hasSize(3);
			assertThat(events.subList(0, 2)).allSatisfy((event) -> assertThat(event).isInstanceOf(ImageGenPartialImageEvent.class));
			assertThat(events.get(2)).isInstanceOfSatisfying(ImageGenCompletedEvent.class, (completed) -> assertThat(
					png(completed.b64Json())).isTrue());
		}
		assertThat(Json.read(server.lastRequest().body()).get("stream").asBoolean()).isTrue();
	}

	@Test
	void anUploadedPictureIsEditedAndStreamedBack(MockOpenAIServer server) throws IOException {
		byte[] picture = Base64.getDecoder()
			.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
		ImageEditParams params = ImageEditParams.builder()
			.image(UploadFile.of(picture, "dot.png"))
			.prompt("Make it blue")
			.model("gpt-image-1")
			.partialImages(1)
			.build();
		try (TestClient client = TestClient.of(server)) {
			ImagesResponse edited = client.openai().images().edit(params).block(TestClient.TIMEOUT);
			assertThat(png(edited.data().get(0).b64Json())).isTrue();
			List<ImageEditStreamEvent> events = client.openai().images().editStreaming(params).collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).first().isInstanceOf(ImageEditPartialImageEvent.class);
			assertThat(events).last().isInstanceOfSatisfying(ImageEditCompletedEvent.class,
					(completed) -> assertThat(completed.b64Json()).isNotEmpty());
		}
		assertThat(server.lastRequest().part("image").bytes()).isEqualTo(picture);
		assertThat(server.lastRequest().part("stream").text()).isEqualTo("true");
	}

	private static boolean png(String base64) {
		try {
			return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64))) != null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
