package com.labelpush.labelapi.security;

import java.util.Set;

/**
 * The grants label-api knows. An API key lists them in its settings; a JWT carries them
 * in its {@code scope} (or {@code scp}) claim.
 */
public final class Scopes {

	/** Read labels and a camera's event history. */
	public static final String READ = "labels:read";

	/** Create, update and delete labels, and issue client tokens; implies read. */
	public static final String WRITE = "labels:write";

	static final Set<String> ALL = Set.of(READ, WRITE);

	static final String AUTHORITY_PREFIX = "SCOPE_";

	private Scopes() {
	}

	static String authority(String scope) {
		return AUTHORITY_PREFIX + scope;
	}

}
