package com.labelpush.labelapi.security;

import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * A read of one camera's data: allowed with scope {@code labels:read} or
 * {@code labels:write}, or with a client token of that same camera.
 */
final class CameraReads implements AuthorizationManager<RequestAuthorizationContext> {

	private final Function<RequestAuthorizationContext, @Nullable String> camera;

	private CameraReads(Function<RequestAuthorizationContext, @Nullable String> camera) {
		this.camera = camera;
	}

	/** The camera named by the query parameter {@code cameraId}. */
	static CameraReads byQueryParameter() {
		return new CameraReads((context) -> context.getRequest().getParameter("cameraId"));
	}

	/** The camera named by the path variable {@code cameraId}. */
	static CameraReads byPathVariable() {
		return new CameraReads((context) -> context.getVariables().get("cameraId"));
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication caller = authentication.get();
		if (caller == null || !caller.isAuthenticated()) {
			return new AuthorizationDecision(false);
		}
		String camera = this.camera.apply(context);
		String cameraAuthority = (camera != null) ? CameraClientAuthentication.authority(camera) : null;
		for (GrantedAuthority authority : caller.getAuthorities()) {
			String granted = authority.getAuthority();
			if (Scopes.authority(Scopes.READ).equals(granted) || Scopes.authority(Scopes.WRITE).equals(granted)
					|| granted.equals(cameraAuthority)) {
				return new AuthorizationDecision(true);
			}
		}
		return new AuthorizationDecision(false);
	}

}
