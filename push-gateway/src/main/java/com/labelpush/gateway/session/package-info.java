@NullMarked
package com.labelpush.gateway.session;

import org.jspecify.annotations.NullMarked;
