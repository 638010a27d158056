package io.asyncopenai.test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesEndpointTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@Test
	void gptImageGenerationsAreBase64PngsOfTheAskedSizeWithUsage() throws IOException {
		JsonNode response = ok(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"gpt-image-1\", \"prompt\": \"A red cat\", \"n\": 2, \"size\": \"1536x1024\", "
						+ "\"quality\": \"low\"}"));
		assertThat(response.get("created").asLong()).isPositive();
		assertThat(response.get("data")).hasSize(2);
		BufferedImage first = decode(response.at("/data/0/b64_json").asString());
		assertThat(first.getWidth()).isEqualTo(1536);
		assertThat(first.getHeight()).isEqualTo(1024);
		BufferedImage second = decode(response.at("/data/1/b64_json").asString());
		assertThat(second.getRGB(0, 0)).isNotEqualTo(first.getRGB(0, 0));
		assertThat(first.getRGB(1535, 1023)).isNotEqualTo(first.getRGB(0, 0));
		assertThat(response.get("output_format").asString()).isEqualTo("png");
		assertThat(response.get("size").asString()).isEqualTo("1536x1024");
		assertThat(response.get("quality").asString()).isEqualTo("low");
		assertThat(response.get("background").asString()).isEqualTo("opaque");
		assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(3);
		assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(2 * 408);
		assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(3 + 2 * 408);
	}

	@Test
	void largeSizesAreDrawnAt64PixelsAndTransparencyAndJpegAreKept() throws IOException {
		JsonNode large = ok(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"gpt-image-1\", \"prompt\": \"A wide view\", \"size\": \"3840x2160\"}"));
		BufferedImage small = decode(large.at("/data/0/b64_json").asString());
		assertThat(small.getWidth()).isEqualTo(64);
		assertThat(small.getHeight()).isEqualTo(64);
		assertThat(large.has("size")).isFalse();
		JsonNode transparent = ok(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"gpt-image-1\", \"prompt\": \"A logo\", \"size\": \"256x256\", \"background\": "
						+ "\"transparent\"}"));
		BufferedImage logo = decode(transparent.at("/data/0/b64_json").asString());
		assertThat(logo.getColorModel().hasAlpha()).isTrue();
		assertThat(logo.getRGB(0, 255) >>> 24).isLessThan(logo.getRGB(0, 0) >>> 24);
		assertThat(transparent.get("background").asString()).isEqualTo("transparent");
		JsonNode jpeg = ok(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"gpt-image-1\", \"prompt\": \"A photo\", \"size\": \"1024x1024\", \"output_format\": "
						+ "\"jpeg\"}"));
		byte[] bytes = Base64.getDecoder().decode(jpeg.at("/data/0/b64_json").asString());
		assertThat(bytes).startsWith((byte) 0xff, (byte) 0xd8);
		assertThat(ImageIO.read(new ByteArrayInputStream(bytes)).getWidth()).isEqualTo(1024);
		assertThat(jpeg.get("output_format").asString()).isEqualTo("jpeg");
	}

	@Test
	void dallEAnswersUrlsThatTheMockServesWithoutAKey() throws IOException {
		JsonNode response = ok(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"dall-e-2\", \"prompt\": \"A cat\", \"size\": \"256x256\"}"));
		assertThat(response.has("usage")).isFalse();
		String url = response.at("/data/0/url").asString();
		assertThat(url).startsWith(mock.server().url("/v1/_mock/images/img-")).endsWith(".png");
		HttpResponse<byte[]> picture = Http.sendForBytes(HttpRequest.newBuilder(URI.create(url))
			.timeout(Http.TIMEOUT)
			.GET()
			.build());
		assertThat(picture.statusCode()).isEqualTo(200);
		assertThat(picture.headers().firstValue("content-type")).hasValue("image/png");
		assertThat(ImageIO.read(new ByteArrayInputStream(picture.body())).getWidth()).isEqualTo(256);
		JsonNode dallE3 = ok(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"dall-e-3\", \"prompt\": \"A cat\", \"response_format\": \"b64_json\"}"));
		assertThat(dallE3.at("/data/0/revised_prompt").asString()).isEqualTo("A cat");
		assertThat(decode(dallE3.at("/data/0/b64_json").asString()).getWidth()).isEqualTo(1024);
		mock.server().reset();
		assertThat(Http.get(mock.server(), url.substring(url.indexOf("/v1/"))).statusCode()).isEqualTo(404);
	}

	@Test
	void aStreamedGenerationSendsPartialImagesThenTheCompletedOne() throws IOException {
		HttpResponse<String> response = Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"gpt-image-1\", \"prompt\": \"A cat\", \"size\": \"1024x1024\", \"stream\": true, "
						+ "\"partial_images\": 2}");
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<Sse.Event> events = Sse.parse(response.body());
		assertThat(events).extracting(Sse.Event::name)
			.containsExactly("image_generation.partial_image", "image_generation.partial_image",
					"image_generation.completed");
		JsonNode partial = Http.json(events.get(1).data());
		assertThat(partial.get("partial_image_index").asInt()).isEqualTo(1);
		assertThat(partial.get("size").asString()).isEqualTo("1024x1024");
		JsonNode completed = Http.json(events.get(2).data());
		assertThat(completed.at("/usage/output_tokens").asInt()).isEqualTo(4160);
		assertThat(decode(completed.get("b64_json").asString()).getWidth()).isEqualTo(1024);
		assertThat(Http.post(mock.server(), "/v1/images/generations",
				"{\"model\": \"gpt-image-1\", \"prompt\": \"A cat\", \"stream\": true}").body())
			.doesNotContain("partial_image")
			.contains("image_generation.completed");
	}

	@Test
	void anEditTakesImagePartsAndAnswersTheSizeOfTheFirst() throws IOException {
		byte[] input = Png.png(300, 200, 0x336699, false);
		HttpResponse<String> response = Forms.post(mock.server(), "/v1/images/edits", Forms.form()
			.file("image[]", "a.png", input)
			.file("image[]", "b.png", input)
			.file("mask", "mask.png", input)
			.field("prompt", "Add a hat")
			.field("model", "gpt-image-1")
			.build());
		JsonNode edit = ok(response);
		BufferedImage picture = decode(edit.at("/data/0/b64_json").asString());
		assertThat(picture.getWidth()).isEqualTo(300);
		assertThat(picture.getHeight()).isEqualTo(200);
		assertThat(edit.at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(2 * 65);
		HttpResponse<String> stream = Forms.post(mock.server(), "/v1/images/edits", Forms.form()
			.file("image", "a.png", input)
			.field("prompt", "Add a hat")
			.field("stream", "true")
			.field("partial_images", "1")
			.build());
		assertThat(Sse.parse(stream.body())).extracting(Sse.Event::name)
			.containsExactly("image_edit.partial_image", "image_edit.completed");
		JsonNode byReference = ok(Http.post(mock.server(), "/v1/images/edits", "{\"model\": \"gpt-image-1\", "
				+ "\"prompt\": \"Add a hat\", \"images\": [{\"image_url\": \"https://example.com/a.png\"}, "
				+ "{\"file_id\": \"file-1\"}], \"size\": \"1024x1024\"}"));
		assertThat(byReference.at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(2 * 65);
	}

	@Test
	void aVariationIsADallE2PictureOfTheAskedSize() throws IOException {
		JsonNode variation = ok(Forms.post(mock.server(), "/v1/images/variations", Forms.form()
			.file("image", "a.png", Png.png(64, 64, 0x112233, false))
			.field("n", "2")
			.field("size", "512x512")
			.field("response_format", "b64_json")
			.build()));
		assertThat(variation.get("data")).hasSize(2);
		assertThat(decode(variation.at("/data/1/b64_json").asString()).getWidth()).isEqualTo(512);
	}

	@Test
	void invalidRequestsGetTheApiBadRequest() {
		MockOpenAIServer server = mock.server();
		assertBadRequest(Http.post(server, "/v1/images/generations", "{\"model\": \"gpt-image-1\"}"), "prompt");
		assertBadRequest(Http.post(server, "/v1/images/generations", "{\"prompt\": \"a\", \"n\": 11}"), "n");
		assertBadRequest(Http.post(server, "/v1/images/generations", "{\"prompt\": \"a\", \"model\": \"dall-e-3\", "
				+ "\"n\": 2}"), "n");
		assertBadRequest(Http.post(server, "/v1/images/generations", "{\"prompt\": \"a\", \"size\": \"big\"}"),
				"size");
		assertBadRequest(Http.post(server, "/v1/images/generations", "{\"prompt\": \"a\", \"stream\": true}"),
				"stream");
		assertBadRequest(Http.post(server, "/v1/images/generations", "{\"prompt\": \"a\", \"model\": "
				+ "\"gpt-image-1\", \"partial_images\": 4}"), "partial_images");
		assertBadRequest(Forms.post(server, "/v1/images/edits", Forms.form().field("prompt", "a").build()), "image");
		assertBadRequest(Http.post(server, "/v1/images/edits", "{\"prompt\": \"a\"}"), "images");
		assertBadRequest(Forms.post(server, "/v1/images/variations", Forms.form().field("n", "1").build()), "image");
		assertThat(Http.post(server, "/v1/images/generations", "not json").statusCode()).isEqualTo(400);
	}

	private static BufferedImage decode(String base64) throws IOException {
		byte[] bytes = Base64.getDecoder().decode(base64);
		assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
		assertThat(image).isNotNull();
		return image;
	}

	private static void assertBadRequest(HttpResponse<String> response, String param) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Http.json(response).at("/error/param").asString()).isEqualTo(param);
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

}
