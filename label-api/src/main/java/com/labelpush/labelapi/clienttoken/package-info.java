/**
 * Short-lived tokens, each bound to one camera, that a desktop client presents to
 * push-gateway; the gateway checks them against the published public key set, without a
 * call to label-api per connection.
 */
@NullMarked
package com.labelpush.labelapi.clienttoken;

import org.jspecify.annotations.NullMarked;
