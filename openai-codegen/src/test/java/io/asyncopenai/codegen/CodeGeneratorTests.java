package io.asyncopenai.codegen;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.palantir.javapoet.JavaFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CodeGeneratorTests {

	@TempDir
	Path handwritten;

	@Test
	void objectsBecomeRecordsWithJsonNamesConstantsAndBuilders() throws Exception {
		String widget = generated().get("io.asyncopenai.models.widgets.Widget");
		assertThat(widget).contains("public record Widget(")
			.contains("@JsonProperty(\"id\") String id")
			.contains("@JsonProperty(\"size\") Long size")
			.contains("@JsonProperty(\"color\") @Nullable String color")
			.contains("@JsonProperty(\"static\") @Nullable Boolean static_")
			.contains("@JsonProperty(\"spare\") @Nullable Part spare")
			.contains("@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties")
			.contains("public static final class Color")
			.contains("public static final String RED = \"red\";")
			.contains("private @Nullable String object = \"widget\";")
			.contains("ModelSupport.require(this.id, \"Widget\", \"id\")");
	}

	@Test
	void namedEnumsAreStringsWithAClassOfConstants() throws Exception {
		Map<String, String> files = generated();
		assertThat(files.get("io.asyncopenai.models.widgets.Widget")).contains("@JsonProperty(\"shade\") @Nullable String shade");
		assertThat(files.get("io.asyncopenai.models.widgets.Shade")).contains("public final class Shade")
			.contains("public static final String LIGHT = \"light\";");
	}

	@Test
	void unionsBecomeSealedInterfacesWithAVariantPerSchemaAndAnUnknownVariant() throws Exception {
		String part = generated().get("io.asyncopenai.models.widgets.Part");
		assertThat(part).contains("public sealed interface Part")
			.contains("using = Part.Deserializer.class")
			.contains("record OfString(@JsonValue String value) implements Part")
			.contains("record Gear(@JsonValue GearPart value) implements Part")
			.contains("record Spring(")
			.contains("using = ValueDeserializer.None.class")
			.contains("record Unknown(@JsonValue JsonNode json) implements Part")
			.contains(".discriminator(\"type\", \"gear\")")
			.contains(".discriminator(\"type\", \"spring\").required(\"coils\", \"type\")")
			.contains("static Part of(GearPart value)");
	}

	@Test
	void builderFieldsOfAUnionTypeTakeEachVariantsValue() throws Exception {
		assertThat(generated().get("io.asyncopenai.models.widgets.Widget"))
			.contains("public Builder part(@Nullable Part part)")
			.contains("public Builder part(String part) {\n\t\t\treturn part(Part.of(part));")
			.contains("public Builder part(GearPart part) {\n\t\t\treturn part(Part.of(part));");
	}

	@Test
	void schemaNamesFromTheMapWin() throws Exception {
		assertThat(generated()).containsKey("io.asyncopenai.models.gears.GearPart")
			.doesNotContainKey("io.asyncopenai.models.gears.Gear");
	}

	@Test
	void theMapKeepsATypeInThePackageItNamesWhereverItIsUsed() throws Exception {
		Map<String, String> files = generated();
		assertThat(files).containsKey("io.asyncopenai.models.gears.GearPart")
			.doesNotContainKey("io.asyncopenai.models.widgets.GearPart");
		assertThat(files.get("io.asyncopenai.models.widgets.Part")).contains("import io.asyncopenai.models.gears.GearPart;");
	}

	@Test
	void aUnionWithSubtypeVariantsIsImplementedByTheVariantsOwnRecords() throws Exception {
		Map<String, String> files = generated();
		assertThat(files.get("io.asyncopenai.models.events.Event"))
			.contains("public sealed interface Event permits StartedEvent, StoppedEvent, UnknownEvent")
			.contains("@Nullable String type();")
			.contains("@Nullable Long sequenceNumber();")
			.doesNotContain("reason()")
			.doesNotContain("static Event of(")
			.contains("new TypeReference<StartedEvent>() { }, (value) -> value).discriminator(\"type\", \"started\")");
		assertThat(files.get("io.asyncopenai.models.events.StartedEvent"))
			.contains("public record StartedEvent(")
			.contains("implements Event")
			.contains("using = ValueDeserializer.None.class");
		assertThat(files.get("io.asyncopenai.models.events.UnknownEvent"))
			.contains("public record UnknownEvent(@JsonValue JsonNode json) implements Event")
			.contains("return ModelSupport.longField(this.json, \"sequence_number\");")
			.contains("return ModelSupport.stringField(this.json, \"type\");");
	}

	@Test
	void aVariantThatAddsOptionalPropertiesToANamedSchemaIsThatSchemasRecordInBothUnions() throws Exception {
		Map<String, String> files = generated();
		assertThat(files.get("io.asyncopenai.models.events.LaneEvent"))
			.contains("public sealed interface LaneEvent permits StartedEvent, StoppedEvent, LaneClosed, UnknownLaneEvent")
			.contains("new TypeReference<StoppedEvent>() { }, (value) -> value).discriminator(\"type\", \"stopped\")")
			.doesNotContain("record Started");
		assertThat(files.get("io.asyncopenai.models.events.StartedEvent")).contains("implements Event, LaneEvent {")
			.doesNotContain("lane");
		assertThat(files.get("io.asyncopenai.models.events.LaneClosed")).contains("implements LaneEvent {");
	}

	@Test
	void aVariantThatAddsARequiredPropertyIsNotASubtypeVariant() {
		assertThatIllegalStateException()
			.isThrownBy(() -> generateWithTheDescriptionChanged((description) -> description.replace(
					"            - type: object\n              properties:\n                lane:",
					"            - type: object\n              required: [lane]\n              properties:\n                lane:")))
			.withMessageContaining("LaneEvent subtype variants, but one of its variants is not a named object schema");
	}

	@Test
	void theDescriptionsWebhooksBecomeOneUnionOfTheirPayloads() throws Exception {
		assertThat(generated().get("io.asyncopenai.models.webhooks.UnwrapWebhookEvent"))
			.contains("public sealed interface UnwrapWebhookEvent permits WebhookThingDone, WebhookThingFailed, UnknownUnwrapWebhookEvent")
			.contains(".discriminator(\"type\", \"thing.failed\")")
			.contains("@Nullable String id();");
	}

	@Test
	void aRecordAndABuilderImplementTheHandwrittenInterfacesTheMapNames() throws Exception {
		Map<String, String> files = generated();
		assertThat(files.get("io.asyncopenai.models.widgets.Widget")).contains("implements WidgetHelpers")
			.doesNotContain("summary");
		assertThat(files.get("io.asyncopenai.models.widgets.WidgetCreateParams"))
			.contains("public static final class Builder implements WidgetCreateHelpers");
	}

	@Test
	void aFieldTypeFromTheMapIsReadByItsDeserializerAndComparedByValue() throws Exception {
		assertThat(generated().get("io.asyncopenai.models.gadgets.Vector"))
			.contains("@JsonProperty(\"values\") @JsonDeserialize(using = VectorDeserializer.class) float[] values")
			.contains("Arrays.equals(this.values, that.values)")
			.contains("hash = 31 * hash + Arrays.hashCode(this.values);")
			.contains("\"values=\" + ((this.values != null) ? \"[\" + this.values.length + \"]\" : \"null\")");
	}

	@Test
	void buildersAddToListsAndTakePrimitives() throws Exception {
		assertThat(generated().get("io.asyncopenai.models.widgets.WidgetCreateParams"))
			.contains("public Builder addTag(String tag)")
			.contains("this.tags.add(Objects.requireNonNull(tag, \"tag\"));")
			.contains("public Builder size(long size) {\n\t\t\treturn size((Long) size);");
		assertThat(generated().get("io.asyncopenai.models.widgets.Widget"))
			.contains("public Builder part(String part)")
			.contains("public Builder static_(boolean static_)");
	}

	@Test
	void aListTheApiAnswersWholeIsStreamedAsItsItems() throws Exception {
		assertThat(generated().get("io.asyncopenai.services.GadgetService"))
			.contains("public Flux<Gadget> list(GadgetListParams params, RequestOptions options)")
			.contains("return listPage(params, options).flatMapIterable(GadgetList::data);")
			.contains("public Mono<GadgetList> listPage(GadgetListParams params, RequestOptions options)");
	}

	@Test
	void aUnionWithSubtypeVariantsNeedsAPackage() {
		assertThatIllegalStateException()
			.isThrownBy(() -> generateWithTheMapChanged((map) -> map.replace("    package: events\n", "")))
			.withMessageContaining("Event subtype variants but no package");
	}

	@Test
	void anUnknownKindOfVariantsFailsNamingIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> generateWithTheMapChanged((map) -> map.replace("variants: subtypes", "variants: nested")))
			.withMessageContaining("Event has variants: nested");
	}

	@Test
	void paramsHoldPathQueryAndBodyFieldsAndCheckRequiredOnes() throws Exception {
		Map<String, String> files = generated();
		assertThat(files.get("io.asyncopenai.models.widgets.WidgetCreateParams"))
			.contains("@JsonProperty(\"size\") Long size")
			.contains("@JsonAnyGetter Map<String, Object> extraBody")
			.contains("ModelSupport.require(this.size, \"WidgetCreateParams\", \"size\")");
		assertThat(files.get("io.asyncopenai.models.widgets.WidgetListParams")).contains("@JsonIgnore @Nullable String after")
			.contains("@JsonIgnore @Nullable Long limit");
		assertThat(files.get("io.asyncopenai.models.widgets.WidgetDeleteParams"))
			.contains("@JsonIgnore @Nullable String widgetId");
	}

	@Test
	void servicesBindEachOperationToItsUriTemplateAndPageLists() throws Exception {
		String service = generated().get("io.asyncopenai.services.WidgetService");
		assertThat(service).contains("public Flux<Widget> list(WidgetListParams params, RequestOptions options)")
			.contains("Pages.autoPage(params.after(), (cursor) -> listPage(params.toBuilder().after(cursor).build(), options)")
			.contains("public Mono<WidgetList> listPage(WidgetListParams params, RequestOptions options)")
			.contains("ApiPath.literal(\"/widgets\").query(\"after\", params.after()).query(\"limit\", params.limit())")
			.contains("public Mono<Widget> create(WidgetCreateParams params, RequestOptions options)")
			.contains("this.caller.execute(HttpMethod.POST, path, params, Widget.class, options)")
			.contains("public Mono<Void> delete(String widgetId)")
			.contains("ApiPath.of(\"/widgets/{widget_id}\", ModelSupport.pathValue(params.widgetId(), \"WidgetDeleteParams\", \"widget_id\"))")
			.contains("this.caller.execute(HttpMethod.DELETE, path, null, Void.class, options)");
		assertThat(generated().get("io.asyncopenai.AsyncOpenAIServices")).contains("public WidgetService widgets()");
	}

	@Test
	void anOperationThatTakesFilesSendsAFormWhoseFilesAreUploads() throws Exception {
		Map<String, String> files = generated();
		assertThat(files.get("io.asyncopenai.models.widgets.WidgetUploadPhotoParams"))
			.contains("@JsonProperty(\"photo\") UploadFile photo")
			.contains("@JsonProperty(\"extras\") WidgetUploadPhotoParams. @Nullable Extras extras")
			.contains("public Builder photo(Path photo) {\n      return photo(UploadFile.of(photo));".replace("      ", "\t\t\t"))
			.contains("public Builder extras(UploadFile extras)")
			.contains("public Builder extras(List<UploadFile> extras)")
			.doesNotContain("photoUrl");
		assertThat(files.get("io.asyncopenai.services.WidgetService"))
			.contains("public Mono<Widget> uploadPhoto(WidgetUploadPhotoParams params, RequestOptions options)")
			.contains("this.caller.executeMultipart(HttpMethod.POST, path, params, Map.of(), Widget.class, options)")
			.contains("public Flux<Widget> uploadPhotoStreaming(WidgetUploadPhotoParams params, RequestOptions options)")
			.contains("this.caller.streamMultipart(HttpMethod.POST, path, params, Widget.class, options)");
	}

	@Test
	void formFieldsWithAnEncodingAreSentWholeInIt() throws Exception {
		assertThat(generated().get("io.asyncopenai.services.WidgetService"))
			.contains("public Mono<BinaryResponse> call(WidgetCallParams params, RequestOptions options)")
			.contains("this.caller.downloadMultipart(HttpMethod.POST, path, params, "
					+ "Map.of(\"sdp\", \"application/sdp\", \"settings\", \"application/json\"), \"application/sdp\", options)");
	}

	@Test
	void anAnswerThatIsNotJsonIsABinaryResponseAskedForByItsTypes() throws Exception {
		assertThat(generated().get("io.asyncopenai.services.WidgetService"))
			.contains("public Mono<BinaryResponse> photo(String widgetId)")
			.contains("this.caller.download(HttpMethod.GET, path, null, \"image/png, image/webp\", options)")
			.contains("public Mono<BinaryResponse> content(String widgetId)")
			.contains("this.caller.download(HttpMethod.GET, path, null, \"application/octet-stream\", options)");
	}

	@Test
	void aStreamAskedForWithAFormatSetsTheFormatInsteadOfStream() throws Exception {
		assertThat(generated().get("io.asyncopenai.services.WidgetService"))
			.contains("public Mono<BinaryResponse> hum(WidgetHumParams params, RequestOptions options)")
			.contains("public Flux<Widget> humStreaming(WidgetHumParams params, RequestOptions options)")
			.contains("this.caller.events(HttpMethod.POST, path, params.toBuilder().streamFormat(\"sse\").build(), Widget.class, options)");
	}

	@Test
	void aGetTheMapSaysCanStreamGetsAStreamingMethodThatAsksForIt() throws Exception {
		assertThat(generated().get("io.asyncopenai.services.WidgetService"))
			.contains("public Mono<Widget> state(String widgetId)")
			.contains("public Flux<Widget> stateStreaming(String widgetId, WidgetStateParams params)")
			.contains(".query(\"starting_after\", params.startingAfter()).query(\"stream\", \"true\");")
			.contains("this.caller.events(HttpMethod.GET, path, null, Widget.class, options)");
	}

	@Test
	void theSameInputGivesTheSameBytes() throws Exception {
		assertThat(generated()).isEqualTo(generated());
	}

	@Test
	void anOperationTheMapDoesNotPlaceFailsTheBuildNamingIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> generateWithTheMapChanged(
					(map) -> map.replaceAll("(?s)  deleteWidget:.*?params: WidgetDeleteParams\n", "")))
			.withMessageContaining("deleteWidget (/widgets/{widget_id})");
	}

	@Test
	void aHandwrittenModelOfTheSameNameTakesTheSchemasPlace() throws Exception {
		Path dir = Files.createDirectories(this.handwritten.resolve("io/asyncopenai/models/custom"));
		Files.writeString(dir.resolve("GearPart.java"), "package io.asyncopenai.models.custom; public record GearPart() {}");
		Map<String, String> files = generated();
		assertThat(files).doesNotContainKey("io.asyncopenai.models.gears.GearPart");
		assertThat(files.get("io.asyncopenai.models.widgets.Part")).contains("import io.asyncopenai.models.custom.GearPart;");
	}

	private void generateWithTheMapChanged(UnaryOperator<String> change) throws IOException, URISyntaxException {
		Path map = this.handwritten.resolve("changed.yaml");
		Files.writeString(map, change.apply(Files.readString(resource("tiny-resources.yaml"))));
		CodeGenerator.generate(resource("tiny-openapi.yaml"), map, this.handwritten);
	}

	private void generateWithTheDescriptionChanged(UnaryOperator<String> change)
			throws IOException, URISyntaxException {
		Path description = this.handwritten.resolve("changed-openapi.yaml");
		String original = Files.readString(resource("tiny-openapi.yaml"));
		String changed = change.apply(original);
		assertThat(changed).isNotEqualTo(original);
		Files.writeString(description, changed);
		CodeGenerator.generate(description, resource("tiny-resources.yaml"), this.handwritten);
	}

	private Map<String, String> generated() throws IOException, URISyntaxException {
		Map<String, String> files = new LinkedHashMap<>();
		for (JavaFile file : CodeGenerator
			.generate(resource("tiny-openapi.yaml"), resource("tiny-resources.yaml"), this.handwritten)
			.files()) {
			files.put(file.packageName() + "." + file.typeSpec().name(), file.toString());
		}
		return files;
	}

	private static Path resource(String name) throws URISyntaxException {
		return Path.of(CodeGeneratorTests.class.getResource("/" + name).toURI());
	}

}
