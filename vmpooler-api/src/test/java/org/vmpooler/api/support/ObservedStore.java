package org.vmpooler.api.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import org.vmpooler.store.Store;

/** The store as the server sees it, telling a test of each call (by method name, on the calling thread) first. */
public final class ObservedStore {
    private ObservedStore() {
    }

    public static Store of(Store store, Consumer<String> beforeEachCall) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    beforeEachCall.accept(method.getName());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
