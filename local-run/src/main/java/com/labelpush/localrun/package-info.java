/**
 * The one-command run of the whole system on a developer's machine.
 */
@NullMarked
package com.labelpush.localrun;

import org.jspecify.annotations.NullMarked;
