@NullMarked
package com.labelpush.labelapi.web;

import org.jspecify.annotations.NullMarked;
