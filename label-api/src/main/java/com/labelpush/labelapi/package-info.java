/**
 * label-api: stores labels and publishes every change, in order, through a transactional
 * outbox.
 */
@NullMarked
package com.labelpush.labelapi;

import org.jspecify.annotations.NullMarked;
