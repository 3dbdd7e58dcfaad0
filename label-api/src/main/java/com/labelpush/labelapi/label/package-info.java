@NullMarked
package com.labelpush.labelapi.label;

import org.jspecify.annotations.NullMarked;
