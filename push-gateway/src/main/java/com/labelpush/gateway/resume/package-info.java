/**
 * Resuming a client from label-api's event history: a session's opening (hello, then what
 * it missed, in order, or a plain instruction to reload) and the repair of a gap.
 */
@NullMarked
package com.labelpush.gateway.resume;

import org.jspecify.annotations.NullMarked;
