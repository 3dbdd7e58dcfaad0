/**
 * Resuming a client from label-api's event history: what it missed, in order, or a plain
 * instruction to reload.
 */
@NullMarked
package com.labelpush.gateway.resume;

import org.jspecify.annotations.NullMarked;
