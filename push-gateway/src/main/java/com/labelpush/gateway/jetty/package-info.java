/**
 * Jetty, the gateway's servlet container, tuned for storms of connections.
 */
@NullMarked
package com.labelpush.gateway.jetty;

import org.jspecify.annotations.NullMarked;
