package org.vmpooler.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Redis hash: field → value, in insertion order. */
final class StoredHash implements StoredValue {
    final Map<String, String> fields = new LinkedHashMap<>();

    @Override
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public String typeName() {
        return "hash";
    }
}
