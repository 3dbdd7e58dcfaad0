@NullMarked
package com.labelpush.labelapi.outbox;

import org.jspecify.annotations.NullMarked;
