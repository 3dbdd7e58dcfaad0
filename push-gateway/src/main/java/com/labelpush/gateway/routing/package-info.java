@NullMarked
package com.labelpush.gateway.routing;

import org.jspecify.annotations.NullMarked;
