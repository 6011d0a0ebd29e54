package org.vmpooler.provider;

/**
 * Implemented by providers that bound their calls with a {@link ProviderConnectionPool}, so that the manager's
 * connection-pool monitor can report it ({@link ProviderRegistry#connectionPoolOf}).
 */
public interface ConnectionPooled {
    ProviderConnectionPool connectionPool();
}
