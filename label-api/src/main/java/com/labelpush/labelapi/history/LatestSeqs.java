package com.labelpush.labelapi.history;

import java.util.Map;

/**
 * The latest seq of each camera asked for.
 *
 * @param latestSeqs camera id to its latest seq (0 when it has no events)
 */
record LatestSeqs(Map<String, Long> latestSeqs) {
}
