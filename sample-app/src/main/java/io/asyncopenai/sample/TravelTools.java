package io.asyncopenai.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.asyncopenai.tools.OpenAITool;

/**
 * Three tools a travel assistant calls for one city, each standing in for a slow backend: it
 * answers after {@code sample.tool-delay}, with made-up but stable data, so that the sample
 * needs no network and shows what running the model's calls at once saves.
 */
@Component
final class TravelTools {

	/** The tools' names, in the order the page lists them. */
	static final List<String> NAMES = List.of("get_weather", "get_local_time", "get_events");

	private static final List<String> SKIES = List.of("sunny", "partly cloudy", "overcast", "light rain", "clear");

	private static final Map<String, String> ZONES = Map.ofEntries(Map.entry("lisbon", "Europe/Lisbon"),
			Map.entry("porto", "Europe/Lisbon"), Map.entry("london", "Europe/London"),
			Map.entry("paris", "Europe/Paris"), Map.entry("berlin", "Europe/Berlin"),
			Map.entry("madrid", "Europe/Madrid"), Map.entry("rome", "Europe/Rome"),
			Map.entry("new york", "America/New_York"), Map.entry("san francisco", "America/Los_Angeles"),
			Map.entry("tokyo", "Asia/Tokyo"), Map.entry("sydney", "Australia/Sydney"));

	private static final List<String> EVENTS = List.of("Walking tour of the old town", "Open-air jazz by the river",
			"Street food market", "Modern art exhibition", "Football match", "Rooftop cinema", "Craft beer festival");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	private final Duration delay;

	private final Clock clock;

	TravelTools(SampleProperties properties, ObjectProvider<Clock> clock) {
		this.delay = properties.toolDelay();
		// The system clock unless the context has one: tests give a fixed one.
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@OpenAITool(name = "get_weather", description = "The weather now in a city: temperature, sky and wind")
	Mono<Weather> weather(City args) {
		int seed = seed(args.city());
		return slow(() -> new Weather(args.city(), 8 + seed % 23, SKIES.get(seed % SKIES.size()), 5 + seed % 30));
	}

	@OpenAITool(name = "get_local_time", description = "The local date, time and time zone of a city")
	Mono<LocalTime> localTime(City args) {
		ZoneId zone = ZoneId.of(ZONES.getOrDefault(args.city().strip().toLowerCase(Locale.ROOT), "UTC"));
		return slow(() -> new LocalTime(args.city(), zone.getId(),
				ZonedDateTime.now(this.clock.withZone(zone)).format(TIME)));
	}

	@OpenAITool(name = "get_events", description = "What is on this afternoon and evening in a city")
	Mono<Events> events(City args) {
		int seed = seed(args.city());
		List<Event> events = List.of(new Event("15:00", EVENTS.get(seed % EVENTS.size())),
				new Event("18:30", EVENTS.get((seed + 3) % EVENTS.size())),
				new Event("21:00", EVENTS.get((seed + 5) % EVENTS.size())));
		return slow(() -> new Events(args.city(), events));
	}

	/** The answer after the delay, without holding a thread, as a remote call would. */
	private <T> Mono<T> slow(Supplier<T> answer) {
		return Mono.delay(this.delay).map((tick) -> answer.get());
	}

	/** A number that stays the same for a city, whatever its case or spacing. */
	private static int seed(String city) {
		return Math.floorMod(city.strip().toLowerCase(Locale.ROOT).hashCode(), 1009);
	}

	/**
	 * The arguments of every travel tool.
	 *
	 * @param city the city's name, such as {@code Lisbon}
	 */
	record City(String city) {

	}

	record Weather(String city, int temperatureC, String sky, int windKmh) {

	}

	record LocalTime(String city, String timeZone, String localTime) {

	}

	record Events(String city, List<Event> events) {

	}

	record Event(String time, String title) {

	}

}
