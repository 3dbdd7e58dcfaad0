package com.labelpush.labelapi.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.labelpush.events.InvalidCameraId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error as RFC 9457 {@code application/problem+json}, naming the offending
 * field or parameter so a client can tell what to fix.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@ExceptionHandler(InvalidCameraId.class)
	ProblemDetail invalidCameraId(InvalidCameraId ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid camera id");
		problem.setProperty("errors", List.of(Map.of("field", "cameraId", "message", ex.getMessage())));
		return problem;
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
		}
		return invalid(errors, ex, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(Map.of("field", String.valueOf(name), "message", String.valueOf(error.getDefaultMessage())));
			}
		});
		return invalid(errors, ex, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		if (root instanceof RequestBodyLimitFilter.BodyTooLarge tooLarge) {
			PayloadTooLarge payloadTooLarge = new PayloadTooLarge(tooLarge.maxBytes());
			return handleExceptionInternal(payloadTooLarge, payloadTooLarge.getBody(), headers,
					payloadTooLarge.getStatusCode(), request);
		}
		String field = fieldOf(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Request body is not valid JSON for this call" + ((field != null) ? " (field " + field + ")" : "")
						+ ": " + summary(root));
		problem.setTitle("Malformed request body");
		if (field != null) {
			problem.setProperty("errors", List.of(Map.of("field", field, "message", summary(root))));
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private @Nullable ResponseEntity<Object> invalid(List<Map<String, String>> errors, Exception ex,
			HttpHeaders headers, WebRequest request) {
		String fields = errors.stream()
			.map((error) -> error.get("field") + " " + error.get("message"))
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request: " + fields);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	// The JSON path of the value that could not be read, such as "attributes.color".
	private static @Nullable String fieldOf(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
				String path = jackson.getPath()
					.stream()
					.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName()
							: String.valueOf(ref.getIndex()))
					.collect(Collectors.joining("."));
				return path.isEmpty() ? null : path;
			}
		}
		return null;
	}

	// The parser's message names the line and column but can be long; keep its
	// first line.
	private static String summary(Throwable root) {
		String message = String.valueOf(root.getMessage());
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

}
