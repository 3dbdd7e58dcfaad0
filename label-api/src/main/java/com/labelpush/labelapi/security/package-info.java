/**
 * Who may call label-api: bearer API keys and, where an identity provider is configured,
 * its JWTs; both grant the scopes of {@link com.labelpush.labelapi.security.Scopes}.
 */
@NullMarked
package com.labelpush.labelapi.security;

import org.jspecify.annotations.NullMarked;
