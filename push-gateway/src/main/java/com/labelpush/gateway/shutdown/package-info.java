@NullMarked
package com.labelpush.gateway.shutdown;

import org.jspecify.annotations.NullMarked;
