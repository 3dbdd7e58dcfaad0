@NullMarked
package com.labelpush.gateway.websocket;

import org.jspecify.annotations.NullMarked;
