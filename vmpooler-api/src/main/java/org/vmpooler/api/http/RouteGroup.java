package org.vmpooler.api.http;

import io.javalin.Javalin;

/** One concern's routes (VMs, status, config, tokens …), registered on the server at start-up. */
public interface RouteGroup {
    void register(Javalin app);
}
