package org.vmpooler.manager;

import org.vmpooler.provider.Provider;

/** The provider instance serving a pool (backed by the provider registry in production). */
@FunctionalInterface
public interface ProviderLookup {

    /** Throws a runtime exception naming the pool when none serves it. */
    Provider forPool(String pool);
}
