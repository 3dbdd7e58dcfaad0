/**
 * push-gateway: pushes each camera's label events to every WebSocket session of that
 * camera.
 */
@NullMarked
package com.labelpush.gateway;

import org.jspecify.annotations.NullMarked;
