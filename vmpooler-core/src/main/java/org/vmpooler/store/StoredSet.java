package org.vmpooler.store;

import java.util.LinkedHashSet;
import java.util.Set;

/** A Redis set. Insertion order is kept so that "any member" means the oldest one, which is deterministic. */
final class StoredSet implements StoredValue {
    final Set<String> members = new LinkedHashSet<>();

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public String typeName() {
        return "set";
    }
}
