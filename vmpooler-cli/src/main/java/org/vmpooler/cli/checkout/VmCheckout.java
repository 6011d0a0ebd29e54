package org.vmpooler.cli.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.Terminal;
import org.vmpooler.cli.http.ApiReply;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

/**
 * Takes VMs from the pools ({@code POST vm/<a+b>}), or has them provisioned on demand
 * ({@code POST ondemandvm/<a+b>}, then {@code GET ondemandvm/<id>} until the request is ready), showing the
 * progress on the error stream meanwhile.
 */
public final class VmCheckout {
    private final PoolerClient client;
    private final Terminal terminal;
    private final Duration pollInterval;
    private final Duration timeout;

    private final Clock clock;
    private final Sleeper sleeper;

    /** How the wait between polls is spent (a test's fake clock advances instead). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public VmCheckout(PoolerClient client, Terminal terminal, Duration pollInterval, Duration timeout) {
        this(client, terminal, pollInterval, timeout, Clock.systemUTC(), Thread::sleep);
    }

    public VmCheckout(PoolerClient client, Terminal terminal, Duration pollInterval, Duration timeout, Clock clock,
                      Sleeper sleeper) {
        this.client = client;
        this.terminal = terminal;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Map<String, List<String>> fromPools(RequestedVms vms, PoolerClient.Auth auth) {
        ApiReply reply = client.post("vm/" + vms.path(), auth).orFail(subject(vms)
                .whenUnavailable("no ready VM left for " + vms.describe()
                        + ": try again later, or use --ondemand to have them provisioned")
                .whenForbidden("the request exceeds the per-pool maximum"));
        return Hostnames.of(reply.body());
    }

    public Map<String, List<String>> onDemand(RequestedVms vms, PoolerClient.Auth auth) {
        ApiReply created = client.post("ondemandvm/" + vms.path(), auth).orFail(subject(vms));
        String id = created.body().path("request_id").asText("");
        if (id.isEmpty()) {
            throw new CliFailure(ExitCode.UNREACHABLE, created.request() + " answered without a request_id");
        }
        terminal.err().println("Requested " + vms.describe() + " on demand (request " + id + ")");
        Instant deadline = clock.instant().plus(timeout);
        String lastProgress = "";
        while (true) {
            ApiReply status = client.get("ondemandvm/" + PoolerClient.segment(id));
            if (status.status() == 200) {
                if (!status.body().path("ready").asBoolean(false)) {
                    throw new CliFailure(ExitCode.FAILED, "on-demand request " + id + " did not complete"
                            + status.detail());
                }
                return Hostnames.of(status.body());
            }
            if (status.status() != 202) {
                throw status.failure(Subject.of("waiting for on-demand request " + id,
                        "on-demand request " + id + " is unknown to the server"));
            }
            String progress = progress(status.body());
            if (!progress.equals(lastProgress)) {
                terminal.err().println("Waiting for request " + id + ": " + progress);
                lastProgress = progress;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new CliFailure(ExitCode.FAILED, "on-demand request " + id + " was not ready after "
                        + timeout.toSeconds() + " s (" + progress + "); it goes on on the server: "
                        + "delete its VMs or wait and ask again");
            }
            // Never past the deadline: a --timeout shorter than the poll interval must still be kept.
            sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
        }
    }

    private static Subject subject(RequestedVms vms) {
        return Subject.of("getting " + vms.describe(), "unknown pool or alias in " + vms.describe()
                + " ('vmpooler list' shows them)");
    }

    /** The 202 body carries, per requested name, the counts ready and pending as strings. */
    private static String progress(JsonNode body) {
        List<String> parts = new ArrayList<>();
        body.properties().forEach(entry -> {
            JsonNode counts = entry.getValue();
            if (counts.has("ready") && counts.has("pending")) {
                int ready = counts.path("ready").asInt();
                int pending = counts.path("pending").asInt();
                parts.add(entry.getKey() + " " + ready + "/" + (ready + pending) + " ready");
            }
        });
        return parts.isEmpty() ? "pending" : String.join(", ", parts);
    }

    private void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.FAILED, "interrupted while waiting for the on-demand request");
        }
    }
}
