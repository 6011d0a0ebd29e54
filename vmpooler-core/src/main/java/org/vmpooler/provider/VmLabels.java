package org.vmpooler.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels the engine gives every VM it creates, which a provider stores with the VM (tags, labels, metadata,
 * an annotation) and reports back with {@link VmInfo}. The engine decides from them alone whether a VM the store
 * does not know is a leak of this vmpooler instance (destroyed after a grace period) or somebody else's (never
 * touched), so that decision survives restarts of either side and needs no provider of its own.
 *
 * <p>Keys and values keep to what every cloud accepts as a label: lower-case letters, digits, {@code _} and
 * {@code -}, at most 63 characters; a provider whose platform is stricter maps them itself.
 */
public record VmLabels(Map<String, String> values) {

    /** The vmpooler instance (its store) that created the VM. */
    public static final String INSTANCE = "vmpooler_instance";
    public static final String POOL = "pool";
    public static final String VM = "vm";
    /** The on-demand request the VM was cloned for. */
    public static final String REQUEST_ID = "request_id";
    /** The owning token's user, when known at creation (on-demand requests made with a token). */
    public static final String USER = "user";

    public static final VmLabels NONE = new VmLabels(Map.of());

    public VmLabels {
        values = Map.copyOf(values);
    }

    /** The labels of a new VM. */
    public static VmLabels of(String instance, String pool, String vm, Optional<String> requestId,
                              Optional<String> user) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(INSTANCE, instance);
        labels.put(POOL, pool);
        labels.put(VM, vm);
        requestId.ifPresent(id -> labels.put(REQUEST_ID, id));
        user.ifPresent(u -> labels.put(USER, u));
        return new VmLabels(labels);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Whether the VM says it was created by the given vmpooler instance. */
    public boolean createdBy(String instance) {
        return instance.equals(values.get(INSTANCE));
    }
}
