package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.errors.RateLimitException;

/**
 * Turns failures of the OpenAI API into RFC 9457 problem details: the caller of this app is
 * not the API's client, so most upstream errors are a bad gateway, a rate limit stays a rate
 * limit with its {@code Retry-After}, and no stack trace leaves the app.
 */
@RestControllerAdvice
class OpenAIErrorHandler {

	private static final Log logger = LogFactory.getLog(OpenAIErrorHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rateLimited(RateLimitException ex) {
		ProblemDetail problem = upstream(HttpStatus.TOO_MANY_REQUESTS, ex, "The OpenAI API is rate limiting this app.");
		return problem(HttpStatus.TOO_MANY_REQUESTS, problem, retryAfterSeconds(ex));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> upstreamStatus(APIStatusException ex) {
		return problem(HttpStatus.BAD_GATEWAY, upstream(HttpStatus.BAD_GATEWAY, ex, "The OpenAI API refused the request."),
				null);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreachable(APIConnectionException ex) {
		HttpStatus status = (ex instanceof APITimeoutException) ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
		logger.warn("OpenAI API unreachable: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The OpenAI API could not be reached.");
		problem.setTitle("OpenAI API unreachable");
		return problem(status, problem, null);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> failed(APIException ex) {
		logger.warn("OpenAI API call failed: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"The OpenAI API answered with something this app could not use.");
		problem.setTitle("OpenAI API error");
		return problem(HttpStatus.BAD_GATEWAY, problem, null);
	}

	/**
	 * The problem as {@code application/problem+json}, also for the streaming endpoint, whose
	 * own content type would otherwise turn the problem into an event.
	 */
	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, ProblemDetail problem,
			@Nullable Long retryAfterSeconds) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfterSeconds != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		return response.body(problem);
	}

	private static ProblemDetail upstream(HttpStatus status, APIStatusException ex, String detail) {
		logger.warn("OpenAI API answered " + ex.statusCode() + " (request id " + ex.requestId() + "): " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle("OpenAI API error");
		problem.setProperty("upstreamStatus", ex.statusCode());
		problem.setProperty("requestId", ex.requestId());
		problem.setProperty("type", ex.type());
		problem.setProperty("code", ex.code());
		return problem;
	}

	/** The upstream's wait, in whole seconds rounded up, at least one. */
	private static long retryAfterSeconds(APIStatusException ex) {
		Duration wait = Duration.ofSeconds(1);
		List<String> millis = ex.headers().get("retry-after-ms");
		List<String> seconds = ex.headers().get("retry-after");
		try {
			if (millis != null && !millis.isEmpty()) {
				wait = Duration.ofMillis((long) Math.ceil(Double.parseDouble(millis.get(0))));
			}
			else if (seconds != null && !seconds.isEmpty()) {
				wait = Duration.ofMillis((long) Math.ceil(Double.parseDouble(seconds.get(0)) * 1000));
			}
		}
		catch (NumberFormatException ex2) {
			// An HTTP date or garbage: one second is a fair hint.
		}
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

}
