package io.asyncopenai.structured;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.core.OpenAIJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Strict schemas of representative types, each compared with the schema written out by hand, and
 * values of those types written by the client's mapper checked against their schema and read
 * back.
 */
class JsonSchemasTests {

	private static final JsonMapper MAPPER = OpenAIJson.mapper();

	// Types, from the plainest to the most involved.

	record Reading(String stationName, int count, long total, double average, float ratio, boolean valid, char grade,
			byte level, short code) {
	}

	record Boxed(Integer count, Long total, Double ratio, Boolean valid, Character grade) {
	}

	enum Unit {

		CELSIUS, FAHRENHEIT

	}

	enum Mood {

		@JsonProperty("happy")
		HAPPY, @JsonProperty("so-so")
		SO_SO

	}

	record Forecast(Unit unit, Mood mood) {
	}

	record City(String name, String country) {
	}

	record Trip(String title, List<City> stops) {
	}

	record Matrix(int[] row, String[] labels, double[][] cells) {
	}

	record Zip(String code) {
	}

	record Address(String street, Zip zip) {
	}

	record Person(String name, Address address) {
	}

	record Route(City from, City to) {
	}

	record Node(String name, List<Node> children) {
	}

	record Tree(String label, Node root) {
	}

	record Search(String query, Optional<String> region, Optional<City> near, OptionalInt limit,
			Optional<List<String>> tags, Optional<Unit> unit) {
	}

	record Contact(String name, @Nullable String email, @Nullable City city, @Nullable Unit unit,
			@Nullable Integer age) {
	}

	@JsonClassDescription("A place on the map")
	record Place(@JsonPropertyDescription("Its common name") String name,
			@JsonPropertyDescription("The city it is in") City city) {
	}

	@JsonClassDescription("A stop")
	record Stop(String name) {
	}

	record Leg(@JsonPropertyDescription("Where it starts") Stop from, Stop to) {
	}

	record Event(UUID id, LocalDate day, OffsetTime at, OffsetDateTime starts, ZonedDateTime zoned, Instant created,
			Duration length, LocalDateTime local, LocalTime localTime) {
	}

	/** A bean: its properties are its fields with setters, in the order they are declared. */
	public static final class Account {

		private String zone = "";

		private @Nullable String ownerName;

		private int balance;

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public @Nullable String getOwnerName() {
			return this.ownerName;
		}

		public void setOwnerName(@Nullable String ownerName) {
			this.ownerName = ownerName;
		}

		public int getBalance() {
			return this.balance;
		}

		public void setBalance(int balance) {
			this.balance = balance;
		}

		/** Written, never read: not part of the schema. */
		public String getDisplay() {
			return this.ownerName + " " + this.balance;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Account that && this.zone.equals(that.zone)
					&& java.util.Objects.equals(this.ownerName, that.ownerName) && this.balance == that.balance;
		}

		@Override
		public int hashCode() {
			return this.zone.hashCode();
		}

	}

	record Page<T>(List<T> items, int total) {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
	sealed interface Figure permits Circle, Square {
	}

	@JsonTypeName("circle")
	record Circle(double radius) implements Figure {
	}

	@JsonTypeName("square")
	record Square(double side) implements Figure {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	@JsonSubTypes({ @JsonSubTypes.Type(value = Email.class, name = "email"),
			@JsonSubTypes.Type(value = Sms.class, name = "sms") })
	interface Channel {
	}

	record Email(String address) implements Channel {
	}

	record Sms(String number) implements Channel {
	}

	record Drawing(List<Figure> figures, Optional<Channel> alert) {
	}

	record Book(@JsonProperty("full_title") String title, @JsonProperty("ISBN") String isbn, int pageCount) {
	}

	record Secretive(String name, @JsonIgnore @Nullable String token) {
	}

	record Money(BigDecimal amount, BigInteger cents) {
	}

	record Tags(Set<String> names, Set<Unit> units, Collection<Integer> ids) {
	}

	static final class North {

		record Point(int x) {
		}

	}

	static final class South {

		record Point(String label) {
		}

	}

	record Points(North.Point a, North.Point b, South.Point c, South.Point d) {
	}

	record L1(L2 next) {
	}

	record L2(L3 next) {
	}

	record L3(L4 next) {
	}

	record L4(L5 next) {
	}

	record L5(L6 next) {
	}

	record L6(L7 next) {
	}

	record L7(L8 next) {
	}

	record L8(L9 next) {
	}

	record L9(L10 next) {
	}

	record L10(L11 next) {
	}

	record L11(String value) {
	}

	record WeatherQuery(String city, Map<String, Object> extra) {
	}

	record Loose(String city, Object anything) {
	}

	record Blob(String name, byte[] data) {
	}

	record Tree2(String name, JsonNode payload) {
	}

	interface Unknown {
	}

	record WithInterface(Unknown unknown) {
	}

	record Inner(List<Map<String, String>> labels) {
	}

	record Outer(String name, Inner inner) {
	}

	// Schemas.

	@Test
	void recordsBecomeObjectsWithEveryPropertyRequiredInDeclarationOrder() {
		assertSchema(Reading.class, """
				{"type": "object",
				 "properties": {
				   "station_name": {"type": "string"}, "count": {"type": "integer"}, "total": {"type": "integer"},
				   "average": {"type": "number"}, "ratio": {"type": "number"}, "valid": {"type": "boolean"},
				   "grade": {"type": "string", "pattern": "^.$"}, "level": {"type": "integer"}, "code": {"type": "integer"}},
				 "required": ["station_name", "count", "total", "average", "ratio", "valid", "grade", "level", "code"],
				 "additionalProperties": false}""");
	}

	@Test
	void boxedPrimitivesAreTheirScalarsAndNotNullable() {
		assertSchema(Boxed.class, """
				{"type": "object",
				 "properties": {"count": {"type": "integer"}, "total": {"type": "integer"}, "ratio": {"type": "number"},
				   "valid": {"type": "boolean"}, "grade": {"type": "string", "pattern": "^.$"}},
				 "required": ["count", "total", "ratio", "valid", "grade"], "additionalProperties": false}""");
	}

	@Test
	void enumsListTheNamesJacksonWrites() {
		assertSchema(Forecast.class, """
				{"type": "object",
				 "properties": {"unit": {"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"]},
				   "mood": {"type": "string", "enum": ["happy", "so-so"]}},
				 "required": ["unit", "mood"], "additionalProperties": false}""");
	}

	@Test
	void listsOfRecordsAreArraysOfInlineObjects() {
		assertSchema(Trip.class, """
				{"type": "object",
				 "properties": {"title": {"type": "string"},
				   "stops": {"type": "array", "items": %s}},
				 "required": ["title", "stops"], "additionalProperties": false}""".formatted(CITY));
	}

	@Test
	void arraysAreArraysAndArraysOfArraysNest() {
		assertSchema(Matrix.class, """
				{"type": "object",
				 "properties": {"row": {"type": "array", "items": {"type": "integer"}},
				   "labels": {"type": "array", "items": {"type": "string"}},
				   "cells": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}},
				 "required": ["row", "labels", "cells"], "additionalProperties": false}""");
	}

	@Test
	void nestedRecordsUsedOnceAreInlined() {
		assertSchema(Person.class, """
				{"type": "object",
				 "properties": {"name": {"type": "string"},
				   "address": {"type": "object",
				     "properties": {"street": {"type": "string"},
				       "zip": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"],
				         "additionalProperties": false}},
				     "required": ["street", "zip"], "additionalProperties": false}},
				 "required": ["name", "address"], "additionalProperties": false}""");
	}

	@Test
	void aRecordUsedTwiceGoesToDefs() {
		assertSchema(Route.class, """
				{"type": "object",
				 "properties": {"from": {"$ref": "#/$defs/City"}, "to": {"$ref": "#/$defs/City"}},
				 "required": ["from", "to"], "additionalProperties": false,
				 "$defs": {"City": %s}}""".formatted(CITY));
	}

	@Test
	void aRecursiveRootRefersToItselfAsTheRoot() {
		assertSchema(Node.class, """
				{"type": "object",
				 "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}},
				 "required": ["name", "children"], "additionalProperties": false}""");
	}

	@Test
	void aRecursiveTypeBelowTheRootGoesToDefs() {
		assertSchema(Tree.class, """
				{"type": "object",
				 "properties": {"label": {"type": "string"}, "root": {"$ref": "#/$defs/Node"}},
				 "required": ["label", "root"], "additionalProperties": false,
				 "$defs": {"Node": {"type": "object",
				   "properties": {"name": {"type": "string"},
				     "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
				   "required": ["name", "children"], "additionalProperties": false}}}""");
	}

	@Test
	void optionalPropertiesAreRequiredButNullable() {
		assertSchema(Search.class, """
				{"type": "object",
				 "properties": {"query": {"type": "string"}, "region": {"type": ["string", "null"]},
				   "near": {"anyOf": [%s, {"type": "null"}]},
				   "limit": {"type": ["integer", "null"]},
				   "tags": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
				   "unit": {"anyOf": [{"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"]}, {"type": "null"}]}},
				 "required": ["query", "region", "near", "limit", "tags", "unit"], "additionalProperties": false}"""
			.formatted(CITY));
	}

	@Test
	void jspecifyNullablePropertiesAreRequiredButNullable() {
		assertSchema(Contact.class, """
				{"type": "object",
				 "properties": {"name": {"type": "string"}, "email": {"type": ["string", "null"]},
				   "city": {"anyOf": [%s, {"type": "null"}]},
				   "unit": {"anyOf": [{"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"]}, {"type": "null"}]},
				   "age": {"type": ["integer", "null"]}},
				 "required": ["name", "email", "city", "unit", "age"], "additionalProperties": false}"""
			.formatted(CITY));
	}

	@Test
	void descriptionsOfClassesAndPropertiesAreKept() {
		StrictJsonSchema schema = JsonSchemas.strict(Place.class);
		assertThat(schema.description()).isEqualTo("A place on the map");
		assertSchema(Place.class, """
				{"type": "object", "description": "A place on the map",
				 "properties": {"name": {"type": "string", "description": "Its common name"},
				   "city": {"type": "object", "description": "The city it is in",
				     "properties": {"name": {"type": "string"}, "country": {"type": "string"}},
				     "required": ["name", "country"], "additionalProperties": false}},
				 "required": ["name", "city"], "additionalProperties": false}""");
	}

	@Test
	void aDescribedReferenceWrapsTheRefSinceNothingMayStandBesideIt() {
		assertSchema(Leg.class, """
				{"type": "object",
				 "properties": {"from": {"anyOf": [{"$ref": "#/$defs/Stop"}], "description": "Where it starts"},
				   "to": {"$ref": "#/$defs/Stop"}},
				 "required": ["from", "to"], "additionalProperties": false,
				 "$defs": {"Stop": {"type": "object", "description": "A stop",
				   "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false}}}""");
		assertThat(JsonSchemas.strict(Leg.class).description()).isNull();
	}

	@Test
	void uuidsAndJavaTimeValuesAreStringsOfTheirFormat() {
		assertSchema(Event.class, """
				{"type": "object",
				 "properties": {"id": {"type": "string", "format": "uuid"}, "day": {"type": "string", "format": "date"},
				   "at": {"type": "string", "format": "time"},
				   "starts": {"type": "string", "format": "date-time"},
				   "zoned": {"type": "string", "format": "date-time"},
				   "created": {"type": "string", "format": "date-time"},
				   "length": {"type": "string", "format": "duration"},
				   "local": {"type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}(:\\\\d{2}(\\\\.\\\\d{1,9})?)?$"},
				   "local_time": {"type": "string", "pattern": "^\\\\d{2}:\\\\d{2}(:\\\\d{2}(\\\\.\\\\d{1,9})?)?$"}},
				 "required": ["id", "day", "at", "starts", "zoned", "created", "length", "local", "local_time"],
				 "additionalProperties": false}""");
	}

	@Test
	void beansHaveTheirReadablePropertiesInFieldOrder() {
		assertSchema(Account.class, """
				{"type": "object",
				 "properties": {"zone": {"type": "string"}, "owner_name": {"type": ["string", "null"]},
				   "balance": {"type": "integer"}},
				 "required": ["zone", "owner_name", "balance"], "additionalProperties": false}""");
	}

	@Test
	void genericRecordsAreResolvedFromTheirParameterizedType() {
		Type type = new TypeReference<Page<City>>() {
		}.getType();
		String expected = """
				{"type": "object",
				 "properties": {"items": {"type": "array", "items": %s}, "total": {"type": "integer"}},
				 "required": ["items", "total"], "additionalProperties": false}""".formatted(CITY);
		assertSchema(type, expected);
		assertThat(JsonSchemas.strict(new TypeReference<Page<City>>() {
		}).schema()).isEqualTo(json(expected));
		assertThat(JsonSchemas.strict(type).name()).isEqualTo("Page_City");
	}

	@Test
	void subtypesBecomeAnyOfObjectsNamedByTheirDiscriminatorFirst() {
		assertSchema(Drawing.class, """
				{"type": "object",
				 "properties": {
				   "figures": {"type": "array", "items": {"anyOf": [
				     {"type": "object",
				      "properties": {"type": {"type": "string", "enum": ["circle"]}, "radius": {"type": "number"}},
				      "required": ["type", "radius"], "additionalProperties": false},
				     {"type": "object",
				      "properties": {"type": {"type": "string", "enum": ["square"]}, "side": {"type": "number"}},
				      "required": ["type", "side"], "additionalProperties": false}]}},
				   "alert": {"anyOf": [
				     {"type": "object",
				      "properties": {"kind": {"type": "string", "enum": ["email"]}, "address": {"type": "string"}},
				      "required": ["kind", "address"], "additionalProperties": false},
				     {"type": "object",
				      "properties": {"kind": {"type": "string", "enum": ["sms"]}, "number": {"type": "string"}},
				      "required": ["kind", "number"], "additionalProperties": false},
				     {"type": "null"}]}},
				 "required": ["figures", "alert"], "additionalProperties": false}""");
	}

	@Test
	void explicitNamesAreKeptAndOthersFollowTheMappersSnakeCase() {
		assertSchema(Book.class, """
				{"type": "object",
				 "properties": {"full_title": {"type": "string"}, "ISBN": {"type": "string"},
				   "page_count": {"type": "integer"}},
				 "required": ["full_title", "ISBN", "page_count"], "additionalProperties": false}""");
	}

	@Test
	void ignoredPropertiesAreLeftOut() {
		assertSchema(Secretive.class, """
				{"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"],
				 "additionalProperties": false}""");
	}

	@Test
	void bigDecimalsAreNumbersAndBigIntegersIntegers() {
		assertSchema(Money.class, """
				{"type": "object", "properties": {"amount": {"type": "number"}, "cents": {"type": "integer"}},
				 "required": ["amount", "cents"], "additionalProperties": false}""");
	}

	@Test
	void setsAndCollectionsAreArrays() {
		assertSchema(Tags.class, """
				{"type": "object",
				 "properties": {"names": {"type": "array", "items": {"type": "string"}},
				   "units": {"type": "array", "items": {"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"]}},
				   "ids": {"type": "array", "items": {"type": "integer"}}},
				 "required": ["names", "units", "ids"], "additionalProperties": false}""");
	}

	@Test
	void twoClassesOfTheSameSimpleNameHaveDistinctDefinitions() {
		assertSchema(Points.class, """
				{"type": "object",
				 "properties": {"a": {"$ref": "#/$defs/Point"}, "b": {"$ref": "#/$defs/Point"},
				   "c": {"$ref": "#/$defs/Point_2"}, "d": {"$ref": "#/$defs/Point_2"}},
				 "required": ["a", "b", "c", "d"], "additionalProperties": false,
				 "$defs": {
				   "Point": {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"],
				     "additionalProperties": false},
				   "Point_2": {"type": "object", "properties": {"label": {"type": "string"}}, "required": ["label"],
				     "additionalProperties": false}}}""");
	}

	@Test
	void tenLevelsOfNestingAreAllowed() {
		JsonNode schema = JsonSchemas.strict(L2.class).schema();
		for (int level = 3; level <= 11; level++) {
			schema = schema.get("properties").get("next");
		}
		assertThat(schema.get("properties").get("value")).isEqualTo(json("{\"type\": \"string\"}"));
	}

	@Test
	void elevenLevelsOfNestingFailNamingTheLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(L1.class))
			.withMessage("Cannot make a strict JSON schema for L1 (" + L1.class.getName() + "): its objects nest 11 "
					+ "levels deep (L1.next.next.next.next.next.next.next.next.next.next), over OpenAI's limit of 10 "
					+ "levels of nesting");
	}

	@Test
	void tooManyPropertiesFailNamingTheLimit() {
		ShapeReader reader = new ShapeReader(MAPPER, 8);
		assertThat(new ShapeReader(MAPPER, 9).readRoot(MAPPER.constructType(Reading.class))).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> reader.readRoot(MAPPER.constructType(Reading.class)))
			.withMessageEndingWith(": its objects have 9 properties in all, over OpenAI's limit of 8 properties");
		assertThat(ShapeReader.MAX_PROPERTIES).isEqualTo(5000);
	}

	@Test
	void mapsFailNamingTheTypeAndProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(WeatherQuery.class))
			.withMessage("Cannot make a strict JSON schema for WeatherQuery.extra "
					+ "(java.util.Map<java.lang.String, java.lang.Object>): strict schemas need every object's "
					+ "properties named; use a record");
	}

	@Test
	void unsupportedTypesFailNamingTheTypeAndProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Loose.class))
			.withMessage("Cannot make a strict JSON schema for Loose.anything (java.lang.Object): "
					+ "java.lang.Object has no fixed shape; use a record");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Blob.class))
			.withMessageStartingWith("Cannot make a strict JSON schema for Blob.data (byte[]): ")
			.withMessageContaining("Base64");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Tree2.class))
			.withMessageStartingWith("Cannot make a strict JSON schema for Tree2.payload (tools.jackson.databind.JsonNode): ");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(WithInterface.class))
			.withMessageStartingWith("Cannot make a strict JSON schema for WithInterface.unknown ")
			.withMessageContaining("needs Jackson subtypes");
	}

	@Test
	void anUnsupportedTypeDeepDownIsNamedByItsOwnClass() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Outer.class))
			.withMessageStartingWith("Cannot make a strict JSON schema for Inner.labels "
					+ "(java.util.List<java.util.Map<java.lang.String, java.lang.String>>): ");
	}

	@Test
	void anUnresolvedTypeVariableFailsSayingHowToResolveIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Page.class))
			.withMessageStartingWith("Cannot make a strict JSON schema for Page.items (java.util.List<T>): "
					+ "the type is not resolved");
	}

	@Test
	void aRootThatIsNoObjectFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(String.class))
			.withMessage("Cannot make a strict JSON schema for String (java.lang.String): the root must be an object "
					+ "(a record or a bean), not a string; wrap it in a record");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(new TypeReference<List<City>>() {
		})).withMessageContaining("the root must be an object (a record or a bean), not an array");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Unit.class))
			.withMessageContaining("not an enum");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(Figure.class))
			.withMessageContaining("not a union of subtypes");
	}

	@Test
	void namesAreSanitizedForOpenAI() {
		assertThat(JsonSchemas.strict(Reading.class).name()).isEqualTo("Reading");
		assertThat(JsonSchemas.sanitize("Page<City, Town>")).isEqualTo("Page_City__Town_");
		assertThat(JsonSchemas.sanitize("x".repeat(70))).hasSize(64);
		assertThat(JsonSchemas.sanitize("")).isEqualTo("schema");
	}

	@Test
	void schemasAreCachedAndHandedOutAsCopies() {
		StrictJsonSchema schema = JsonSchemas.strict(Route.class);
		assertThat(JsonSchemas.strict(Route.class)).isSameAs(schema);
		schema.schema().put("type", "changed");
		schema.asMap().get("properties").asObject().remove("from");
		assertThat(schema.schema().get("type").stringValue()).isEqualTo("object");
		assertThat(schema.schema().get("properties").has("from")).isTrue();
		assertThat(schema.asMap()).containsOnlyKeys("type", "properties", "required", "additionalProperties", "$defs");
	}

	// Round trips: values written by the client's mapper fit their schema and read back equal.

	@Test
	void valuesWrittenByTheMapperFitTheirSchemaAndReadBack() {
		City paris = new City("Paris", "FR");
		City lyon = new City("Lyon", "FR");
		roundTrip(Reading.class, new Reading("Nord", 3, 4L, 2.5, 0.5f, true, 'A', (byte) 1, (short) 2));
		roundTrip(Forecast.class, new Forecast(Unit.CELSIUS, Mood.SO_SO));
		roundTrip(Route.class, new Route(paris, lyon));
		roundTrip(Node.class, new Node("root", List.of(new Node("leaf", List.of()))));
		roundTrip(Tree.class, new Tree("t", new Node("root", List.of(new Node("leaf", List.of())))));
		roundTrip(Search.class, new Search("cafe", Optional.empty(), Optional.of(paris), OptionalInt.of(3),
				Optional.of(List.of("quiet")), Optional.of(Unit.FAHRENHEIT)));
		roundTrip(Contact.class, new Contact("Ann", null, lyon, null, 30));
		roundTrip(Event.class,
				new Event(UUID.randomUUID(), LocalDate.of(2025, 1, 2), OffsetTime.of(10, 15, 0, 0, ZoneOffset.UTC),
						OffsetDateTime.of(2025, 1, 2, 10, 15, 0, 0, ZoneOffset.UTC),
						ZonedDateTime.of(2025, 1, 2, 10, 15, 0, 0, ZoneOffset.UTC), Instant.parse("2025-01-02T10:15:00Z"),
						Duration.ofMinutes(90), LocalDateTime.of(2025, 1, 2, 10, 15, 30), LocalTime.of(10, 15, 30)));
		Account account = new Account();
		account.setZone("eu");
		account.setBalance(12);
		roundTrip(Account.class, account);
		roundTrip(new TypeReference<Page<City>>() {
		}.getType(), new Page<>(List.of(paris, lyon), 2));
		roundTrip(Drawing.class, new Drawing(List.of(new Circle(1.5), new Square(2)), Optional.of(new Sms("+33"))));
		roundTrip(Book.class, new Book("Dune", "978", 412));
		roundTrip(Money.class, new Money(new BigDecimal("12.50"), new BigInteger("1250")));
		roundTrip(Tags.class, new Tags(new LinkedHashSet<>(List.of("a", "b")), Set.of(Unit.CELSIUS), List.of(1, 2)));
		roundTrip(Points.class, new Points(new North.Point(1), new North.Point(2), new South.Point("c"),
				new South.Point("d")));
	}

	@Test
	void anAnswerWithEveryPropertyAndNullsReadsBack() {
		String answer = """
				{"query": "cafe", "region": null, "near": null, "limit": null, "tags": null, "unit": "CELSIUS"}""";
		assertThat(problems(json(answer), JsonSchemas.strict(Search.class).schema())).isEmpty();
		assertThat(MAPPER.readValue(answer, Search.class)).isEqualTo(new Search("cafe", Optional.empty(),
				Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(Unit.CELSIUS)));
		String drawing = """
				{"figures": [{"type": "square", "side": 2}], "alert": {"kind": "email", "address": "a@b.c"}}""";
		assertThat(problems(json(drawing), JsonSchemas.strict(Drawing.class).schema())).isEmpty();
		assertThat(MAPPER.readValue(drawing, Drawing.class))
			.isEqualTo(new Drawing(List.of(new Square(2)), Optional.of(new Email("a@b.c"))));
	}

	@Test
	void theFitCheckOfTheseTestsCatchesMissingExtraAndMistypedProperties() {
		ObjectNode schema = JsonSchemas.strict(Route.class).schema();
		assertThat(problems(json("{\"from\": {\"name\": \"a\", \"country\": \"b\"}}"), schema))
			.containsExactly("$: lacks to");
		assertThat(problems(json("{\"from\": {\"name\": \"a\", \"country\": \"b\", \"x\": 1}, "
				+ "\"to\": {\"name\": 1, \"country\": \"b\"}}"), schema))
			.containsExactly("$.from: has x, not in the schema", "$.to.name: is not string");
	}

	private static final String CITY = """
			{"type": "object", "properties": {"name": {"type": "string"}, "country": {"type": "string"}},
			 "required": ["name", "country"], "additionalProperties": false}""";

	private static void assertSchema(Type type, String expected) {
		StrictJsonSchema schema = JsonSchemas.strict(type);
		assertThat(schema.schema()).isEqualTo(json(expected));
		assertThat(schema.asMap()).isEqualTo(MAPPER.convertValue(json(expected), new TypeReference<Map<String, JsonNode>>() {
		}));
		assertThat(schema.name()).matches("^[a-zA-Z0-9_-]{1,64}$");
	}

	private static <T> void roundTrip(Type type, T value) {
		String written = MAPPER.writeValueAsString(value);
		JsonNode answer = json(written);
		if (value instanceof Account) {
			// Written but never read: the computed getter the schema rightly leaves out.
			((ObjectNode) answer).remove("display");
		}
		assertThat(problems(answer, JsonSchemas.strict(type).schema())).as(written).isEmpty();
		Object read = MAPPER.readValue(written, MAPPER.constructType(type));
		if (value instanceof Event || value instanceof Money) {
			// Equal instants and amounts, in the form Jackson reads them back (UTC, scale kept).
			assertThat(MAPPER.writeValueAsString(read)).isEqualTo(written);
		}
		else {
			assertThat(read).isEqualTo(value);
		}
	}

	private static JsonNode json(String text) {
		return MAPPER.readTree(text);
	}

	/**
	 * The ways a value breaks the structural rules of a strict schema: type, enum, required and no
	 * other properties, through anyOf and $ref. The mapper leaves nulls out, so a missing property
	 * is fine when the schema lets it be null.
	 */
	private static List<String> problems(JsonNode value, JsonNode schema) {
		List<String> problems = new ArrayList<>();
		check(value, schema, schema, "$", problems);
		return problems;
	}

	private static void check(JsonNode value, JsonNode schema, JsonNode root, String path, List<String> problems) {
		if (schema.has("$ref")) {
			String ref = schema.get("$ref").stringValue();
			check(value, ref.equals("#") ? root : root.get("$defs").get(ref.substring("#/$defs/".length())), root, path,
					problems);
			return;
		}
		if (schema.has("anyOf")) {
			for (JsonNode branch : schema.get("anyOf")) {
				List<String> branchProblems = new ArrayList<>();
				check(value, branch, root, path, branchProblems);
				if (branchProblems.isEmpty()) {
					return;
				}
			}
			problems.add(path + ": fits no branch of anyOf");
			return;
		}
		JsonNode type = schema.get("type");
		List<String> types = new ArrayList<>();
		(type.isArray() ? type.values() : List.of(type)).forEach((t) -> types.add(t.stringValue()));
		String actual = jsonType(value);
		if (!types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
			problems.add(path + ": is not " + String.join("|", types));
			return;
		}
		if (schema.has("enum") && !schema.get("enum").values().contains(value)) {
			problems.add(path + ": is not one of " + schema.get("enum"));
		}
		if (value.isArray()) {
			int i = 0;
			for (JsonNode item : value) {
				check(item, schema.get("items"), root, path + "[" + i++ + "]", problems);
			}
		}
		if (value.isObject()) {
			JsonNode properties = schema.get("properties");
			for (JsonNode required : schema.get("required")) {
				String name = required.stringValue();
				List<String> nullProblems = new ArrayList<>();
				check(MAPPER.nullNode(), properties.get(name), root, path, nullProblems);
				if (!value.has(name) && !nullProblems.isEmpty()) {
					problems.add(path + ": lacks " + name);
				}
			}
			for (String name : value.propertyNames()) {
				if (!properties.has(name)) {
					problems.add(path + ": has " + name + ", not in the schema");
				}
				else {
					check(value.get(name), properties.get(name), root, path + "." + name, problems);
				}
			}
		}
	}

	private static String jsonType(JsonNode value) {
		if (value.isNull()) {
			return "null";
		}
		if (value.isIntegralNumber()) {
			return "integer";
		}
		if (value.isNumber()) {
			return "number";
		}
		if (value.isBoolean()) {
			return "boolean";
		}
		if (value.isArray()) {
			return "array";
		}
		return value.isObject() ? "object" : "string";
	}

}
