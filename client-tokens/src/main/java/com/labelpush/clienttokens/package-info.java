/**
 * The client-token rules both services apply.
 */
@NullMarked
package com.labelpush.clienttokens;

import org.jspecify.annotations.NullMarked;
