package org.vmpooler.api.http;

import io.javalin.config.EventConfig;
import io.javalin.config.RoutesConfig;

/** One concern's routes (VMs, status, config, tokens …), registered in the server's configuration at start-up. */
public interface RouteGroup {
    void register(RoutesConfig app);

    /** What the group does when the server starts or stops (a background sampler, say); nothing by default. */
    default void lifecycle(EventConfig events) {
    }
}
