package com.labelpush.labelapi.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem+json, with the {@code WWW-Authenticate: Bearer} header of RFC
 * 6750 set by Spring Security's own handlers.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		this.entryPoint.commence(request, response, ex);
		boolean tokenSent = request.getHeader("Authorization") != null;
		write(request, response, HttpStatus.UNAUTHORIZED, tokenSent ? "Invalid credentials" : "Authentication required",
				tokenSent ? ex.getMessage()
						: "This call needs an Authorization: Bearer header carrying an API key or a token");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		// Spring's own handler names the missing scope only for OAuth 2 tokens, not for
		// API keys; RFC 6750 asks for it whatever the token.
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"insufficient_scope\", " + "error_description=\"The token does not grant this call\"");
		write(request, response, HttpStatus.FORBIDDEN, "Not allowed",
				"The credentials are valid but do not grant this call: reads need scope " + Scopes.READ
						+ " (or, for one camera's labels and history, that camera's client token), writes and "
						+ "client tokens need scope " + Scopes.WRITE);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
