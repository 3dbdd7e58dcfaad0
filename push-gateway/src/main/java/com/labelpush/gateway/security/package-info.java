/**
 * Client tokens: verified locally with label-api's published keys (or a configured public
 * key), each opening one camera until it expires.
 */
@NullMarked
package com.labelpush.gateway.security;

import org.jspecify.annotations.NullMarked;
