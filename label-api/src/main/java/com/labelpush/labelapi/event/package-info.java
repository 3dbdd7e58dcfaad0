@NullMarked
package com.labelpush.labelapi.event;

import org.jspecify.annotations.NullMarked;
