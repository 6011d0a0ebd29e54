package org.vmpooler.store;

/** A Redis string (flags and counters). */
final class StoredString implements StoredValue {
    String value;

    StoredString(String value) {
        this.value = value;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public String typeName() {
        return "string";
    }
}
