/**
 * The checks a WebSocket upgrade passes before it becomes a session, cheapest first:
 * address rate, client id and since, origin, client token, capacity. A refusal the client
 * can only back off from is an HTTP answer; one it must act on is recorded for the
 * handler to close the socket with a 44xx code
 * ({@link com.labelpush.gateway.handshake.Handshake}).
 */
@NullMarked
package com.labelpush.gateway.handshake;

import org.jspecify.annotations.NullMarked;
