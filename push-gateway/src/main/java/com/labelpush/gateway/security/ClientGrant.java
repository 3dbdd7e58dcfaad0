package com.labelpush.gateway.security;

import java.time.Instant;

import com.labelpush.events.CameraId;

/**
 * What a verified client token allows.
 *
 * @param camera the one camera it opens
 * @param expiresAt the token's expiry
 * @param closesAt when a session on it is closed with 4001 unless a fresh token arrives:
 * the expiry plus the clock skew allowed at the handshake
 */
public record ClientGrant(CameraId camera, Instant expiresAt, Instant closesAt) {
}
