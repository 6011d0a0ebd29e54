package org.vmpooler.store;

import java.time.Duration;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.vmpooler.testing.MutableClock;

/**
 * How a store under test is made, and how time passes for it. Registered on a test class with
 * {@code @RegisterExtension}, it is handed to every {@link StoreContract} suite in that class and its nested
 * classes, so a store runs all the aggregates' suites by nesting them with empty bodies.
 */
@FunctionalInterface
public interface StoreFixture extends ParameterResolver {

    /** A fresh store with no data at all, using {@code clock} for its zone (and, where it can, its expiry). */
    Store newStore(MutableClock clock);

    /** Lets {@code d} pass for the store. A store whose expiry runs on real time also sleeps. */
    default void advance(MutableClock clock, Duration d) {
        clock.advance(d);
    }

    @Override
    default boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == StoreFixture.class;
    }

    @Override
    default Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return this;
    }
}
