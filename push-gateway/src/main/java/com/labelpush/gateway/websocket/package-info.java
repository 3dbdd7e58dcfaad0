/**
 * The WebSocket endpoint: the handler that turns a checked upgrade into a session (or
 * closes a refused one), answers client frames, and the container's limits.
 */
@NullMarked
package com.labelpush.gateway.websocket;

import org.jspecify.annotations.NullMarked;
