package org.vmpooler.api.status;

import java.util.Map;

import org.vmpooler.domain.StatusSnapshot;

/** One read of everything {@code /status} shows: the store's snapshot and the pool sizes in force. */
record StatusData(StatusSnapshot snapshot, Map<String, Integer> sizes) {
    StatusData {
        sizes = Map.copyOf(sizes);
    }
}
