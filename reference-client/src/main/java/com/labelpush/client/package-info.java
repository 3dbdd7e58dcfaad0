/**
 * A reference client for the push gateway: what a desktop client must do, in Java.
 */
@NullMarked
package com.labelpush.client;

import org.jspecify.annotations.NullMarked;
