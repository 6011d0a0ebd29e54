package org.vmpooler.cli.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.javalin.http.Context;

import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.store.Store;

/**
 * Stand-ins for API routes that are not on the server yet (on-demand, snapshots, disks, summary),
 * answering with the bodies recorded from the reference server in spec/clients.md §3.1. Each is dropped from
 * the tests as soon as the real route lands on main.
 */
@FunctionalInterface
public interface RecordedRoutes {
    RouteGroup on(Store store);

    /** POST /ondemandvm answers a request id; its GET is pending once (202), then ready with the given VMs. */
    static RecordedRoutes ondemand(String requestId, Map<String, List<String>> delivered) {
        AtomicInteger polls = new AtomicInteger();
        return store -> app -> {
            app.post("/api/v3/ondemandvm/{templates}", ctx -> json(ctx, 201,
                    "{\"ok\":true,\"request_id\":\"" + requestId + "\"}"));
            app.get("/api/v3/ondemandvm/{id}", ctx -> {
                if (!ctx.pathParam("id").equals(requestId)) {
                    json(ctx, 404, "{\"ok\":false,\"message\":\"no request found for request_id '"
                            + ctx.pathParam("id") + "'\"}");
                    return;
                }
                StringBuilder body = new StringBuilder("{\"ok\":true,\"request_id\":\"" + requestId + "\"");
                boolean ready = polls.incrementAndGet() > 1;
                body.append(",\"ready\":").append(ready);
                delivered.forEach((alias, hosts) -> body.append(",\"").append(alias).append("\":").append(ready
                        ? "{\"hostname\":[\"" + String.join("\",\"", hosts) + "\"]}"
                        : "{\"ready\":\"0\",\"pending\":\"" + hosts.size() + "\"}"));
                json(ctx, ready ? 200 : 202, body.append('}').toString());
            });
        };
    }

    /** An on-demand request the server gives up on: its status is done (200) but not ready. */
    static RecordedRoutes failedOndemand(String requestId) {
        return store -> app -> {
            app.post("/api/v3/ondemandvm/{templates}", ctx -> json(ctx, 201,
                    "{\"ok\":true,\"request_id\":\"" + requestId + "\"}"));
            app.get("/api/v3/ondemandvm/{id}", ctx -> json(ctx, 200, "{\"ok\":true,\"request_id\":\"" + requestId
                    + "\",\"ready\":false,\"message\":\"The request failed to provision instances within the "
                    + "configured ondemand_request_ttl '5'\"}"));
        };
    }

    /** Snapshot, revert and disk of existing VMs; the only known snapshot is the one last taken. */
    static RecordedRoutes vmTasks() {
        Map<String, String> snapshots = new ConcurrentHashMap<>();
        return store -> app -> {
            app.post("/api/v3/vm/{hostname}/snapshot", ctx -> {
                String vm = ctx.pathParam("hostname").split("\\.")[0];
                if (store.vmExists(vm)) {
                    snapshots.put(vm, "ohwxuswigi3z1461iuf2nuz30fsear71");
                    json(ctx, 202, "{\"ok\":true,\"" + vm + "\":{\"snapshot\":\"ohwxuswigi3z1461iuf2nuz30fsear71\"}}");
                } else {
                    json(ctx, 404, "{\"ok\":false}");
                }
            });
            app.post("/api/v3/vm/{hostname}/snapshot/{snapshot}", ctx -> {
                String vm = ctx.pathParam("hostname").split("\\.")[0];
                boolean known = ctx.pathParam("snapshot").equals(snapshots.get(vm));
                json(ctx, known ? 202 : 404, "{\"ok\":" + known + "}");
            });
            app.post("/api/v3/vm/{hostname}/disk/{size}", ctx -> {
                String vm = ctx.pathParam("hostname").split("\\.")[0];
                json(ctx, store.vmExists(vm) ? 202 : 404, store.vmExists(vm)
                        ? "{\"ok\":true,\"" + vm + "\":{\"disk\":\"+" + ctx.pathParam("size") + "gb\"}}"
                        : "{\"ok\":false}");
            });
        };
    }

    /** GET /summary with a recorded day without clones or boots. */
    static RecordedRoutes summary() {
        return store -> app -> app.get("/api/v3/summary", ctx -> json(ctx, 200, """
                {"daily":[{"date":"2026-11-23","boot":{"duration":{"average":0,"min":0,"max":0,"total":0},\
                "count":{"total":0}},"clone":{"duration":{"average":0,"min":0,"max":0,"total":0},\
                "count":{"total":0}},"tag":{}}],"boot":{"duration":{"total":0},"count":{"total":0}},\
                "clone":{"duration":{"total":0},"count":{"total":0}},"tag":{}}"""));
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType("application/json").result(body);
    }
}
