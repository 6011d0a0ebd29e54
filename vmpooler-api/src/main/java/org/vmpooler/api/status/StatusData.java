package org.vmpooler.api.status;

import java.util.List;
import java.util.Map;

import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.StatusSnapshot;

/**
 * One read of everything {@code /status} shows: the store's snapshot, the pool sizes in force, why clones of
 * some pools are failing, which manager owns each pool, and the managers alive.
 */
record StatusData(StatusSnapshot snapshot, Map<String, Integer> sizes, Map<String, CloneTrouble> cloneTroubles,
                  Map<String, String> owners, List<String> managers) {
    StatusData {
        sizes = Map.copyOf(sizes);
        cloneTroubles = Map.copyOf(cloneTroubles);
        owners = Map.copyOf(owners);
        managers = List.copyOf(managers);
    }
}
