package com.labelpush.labelapi.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A desktop client identified by its client token: it may read its own camera's labels
 * and history, nothing else.
 */
final class CameraClientAuthentication extends AbstractAuthenticationToken {

	private static final String AUTHORITY_PREFIX = "CAMERA:";

	private final String camera;

	CameraClientAuthentication(String camera) {
		super(List.of(new SimpleGrantedAuthority(authority(camera))));
		this.camera = camera;
		setAuthenticated(true);
	}

	static String authority(String camera) {
		return AUTHORITY_PREFIX + camera;
	}

	@Override
	public String getName() {
		return "client of camera " + this.camera;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return getName();
	}

}
