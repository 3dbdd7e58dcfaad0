package com.labelpush.labelapi.clienttoken;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.labelpush.events.CameraId;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Issues client tokens and publishes the keys that verify them. */
@RestController
class ClientTokenController {

	private static final Log logger = LogFactory.getLog(ClientTokenController.class);

	private final ClientTokens tokens;

	ClientTokenController(ClientTokens tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/api/client-tokens")
	ClientTokens.IssuedClientToken issue(@Valid @RequestBody ClientTokenRequest request, Authentication caller) {
		Duration ttl = (request.ttlSeconds() != null) ? Duration.ofSeconds(request.ttlSeconds())
				: this.tokens.defaultTtl();
		if (ttl.compareTo(this.tokens.maxTtl()) > 0) {
			throw ttlTooLong(this.tokens.maxTtl());
		}
		ClientTokens.IssuedClientToken issued = this.tokens.issue(CameraId.of(request.cameraId()), ttl,
				caller.getName());
		logger.info("client token issued cameraId=" + issued.cameraId() + " expiresAt=" + issued.expiresAt()
				+ " issuedTo=" + caller.getName());
		return issued;
	}

	// Public keys, safe to cache: a gateway fetches them once, and again only when a
	// token names a key it does not know.
	@GetMapping("/.well-known/jwks.json")
	ResponseEntity<Map<String, Object>> publicKeys() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
			.body(this.tokens.publicKeys());
	}

	private static ErrorResponseException ttlTooLong(Duration max) {
		String message = "must be at most " + max.toSeconds() + " (labels.client-tokens.max-ttl)";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Invalid request: ttlSeconds " + message);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(Map.of("field", "ttlSeconds", "message", message)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

}
