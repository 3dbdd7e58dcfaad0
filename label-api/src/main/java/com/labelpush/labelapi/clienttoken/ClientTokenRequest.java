package com.labelpush.labelapi.clienttoken;

import com.labelpush.labelapi.web.ValidCameraId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/client-tokens}.
 *
 * @param cameraId the camera the token opens
 * @param ttlSeconds how long the token is valid; the configured default when absent
 */
record ClientTokenRequest(@NotNull @ValidCameraId @Nullable String cameraId, @Positive @Nullable Long ttlSeconds) {
}
