/**
 * The event contract spoken between label-api and push-gateway, and sent unchanged to
 * desktop clients. Plain Java with Jackson annotations only, so either side (and any
 * other JVM client) can depend on it without pulling in Spring.
 */
@NullMarked
package com.labelpush.events;

import org.jspecify.annotations.NullMarked;
