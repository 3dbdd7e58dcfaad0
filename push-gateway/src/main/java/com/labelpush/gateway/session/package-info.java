/**
 * The sessions of this gateway by camera, and what reaches each one: the fan-out lanes,
 * then per session a seq gate, an ordered non-blocking sender, timers and an inbound
 * limit; the frames of the contract.
 */
@NullMarked
package com.labelpush.gateway.session;

import org.jspecify.annotations.NullMarked;
