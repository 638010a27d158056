package io.asyncopenai.test;

import java.util.List;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * The normal answer of an endpoint, before faults shape its delivery.
 */
sealed interface Reply {

	/**
	 * A JSON body.
	 */
	record Json(int status, String body) implements Reply {

	}

	/**
	 * A body of another content type than JSON, or no body at all.
	 * @param status the HTTP status
	 * @param contentType the content type, or {@code null} for an empty body
	 * @param body the bytes
	 */
	record Body(int status, @Nullable String contentType, byte[] body) implements Reply {

	}

	/**
	 * A body of any size, read from its source while it is sent.
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param content the content of a stored file
	 */
	record Content(int status, String contentType, FileStore.Content content) implements Reply {

	}

	/**
	 * A stream of Server-Sent Events, with the error event the endpoint sends when the stream
	 * fails after a number of events.
	 */
	record Stream(List<Event> events, IntFunction<Event> errorAfter) implements Reply {

		public Stream {
			events = List.copyOf(events);
		}

	}

	/**
	 * One Server-Sent Event: an optional {@code event:} line and one {@code data:} line.
	 */
	record Event(@Nullable String name, String data) {

		String encode() {
			return ((this.name != null) ? "event: " + this.name + "\n" : "") + "data: " + this.data + "\n\n";
		}

	}

}
