@NullMarked
package com.labelpush.labelapi.history;

import org.jspecify.annotations.NullMarked;
