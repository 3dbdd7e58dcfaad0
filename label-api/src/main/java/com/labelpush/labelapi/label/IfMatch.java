package com.labelpush.labelapi.label;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Reads the label version a client expects from an {@code If-Match} header: {@code "3"},
 * {@code W/"3"} or a bare {@code 3}; {@code *} or no header means any version.
 */
final class IfMatch {

	private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

	private IfMatch() {
	}

	static OptionalLong expectedVersion(@Nullable String header) {
		if (header == null || header.isBlank() || header.trim().equals("*")) {
			return OptionalLong.empty();
		}
		Matcher matcher = VERSION.matcher(header.trim());
		if (!matcher.matches()) {
			throw new Malformed(header);
		}
		return OptionalLong.of(Long.parseLong(matcher.group(1)));
	}

	static String etag(long version) {
		return "\"" + version + "\"";
	}

	/** The header is not a label version. */
	static class Malformed extends ErrorResponseException {

		Malformed(String header) {
			super(HttpStatus.BAD_REQUEST, problem(header), null);
		}

		private static ProblemDetail problem(String header) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"If-Match must be a label version such as \"3\", got " + header);
			problem.setTitle("Malformed If-Match header");
			return problem;
		}

	}

}
