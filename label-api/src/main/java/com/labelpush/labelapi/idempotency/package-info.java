@NullMarked
package com.labelpush.labelapi.idempotency;

import org.jspecify.annotations.NullMarked;
