package org.vmpooler.store;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolRuntime;

/**
 * What is known about each pool besides its VMs: the published pool list, the API's overrides and flags, the prepared
 * templates and template deltas, the instance identity, empty marks and clone troubles.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface PoolSettings {

    /**
     * Publishes the configured pools for API processes that start without a pool list: replaces the set of
     * registered pools with the keys of {@code pools} and writes each pool's fields (stringified config, with
     * {@code alias} comma-joined and {@code domain}). Pools no longer present are removed with their fields.
     * Each pool's fields are replaced as a whole, so a key removed from its config does not linger. A null field
     * name or value is refused with {@link IllegalArgumentException}, publishing nothing.
     */
    void publishPools(Map<String, Map<String, String>> pools);

    /** Names of the published pools. */
    Set<String> publishedPools();

    /** The published fields of one pool; empty map when unknown. */
    Map<String, String> publishedPool(String pool);

    Map<String, String> overrides(PoolOverride kind);

    Optional<String> override(PoolOverride kind, String pool);

    void setOverride(PoolOverride kind, String pool, String value);

    /** Removes an override; returns whether there was one. */
    boolean clearOverride(PoolOverride kind, String pool);

    void raiseFlag(PoolFlag flag, String pool);

    /** Clears the flag; returns whether it was raised. */
    boolean takeFlag(PoolFlag flag, String pool);

    /** The pool's overrides, raised flags and prepared template, read together in one round trip. */
    PoolRuntime poolRuntime(String pool);

    Map<String, String> preparedTemplates();

    void setPreparedTemplate(String pool, String template);

    boolean hasTemplateDeltas(String template);

    void addTemplateDeltas(String template);

    /**
     * The identity of the vmpooler instance this store belongs to: the first {@code candidate} ever offered, kept
     * for good, so every manager on the store labels its VMs alike and recognises them after restarts.
     */
    String instanceIdentity(String candidate);

    /** Records whether the pool is empty; returns whether that changed. */
    boolean markPoolEmpty(String pool, boolean empty);

    /** Replaces what is recorded of why the pool's clones fail. */
    void recordCloneTrouble(CloneTrouble trouble);

    /** Forgets the pool's clone trouble (its clones work again); returns whether there was any. */
    boolean clearCloneTrouble(String pool);

    /** Pool → its clone trouble, for the pools that have one; values this version cannot read are left out. */
    Map<String, CloneTrouble> cloneTroubles();
}
