package org.vmpooler.server.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Steady checkout load: a few clients, each in a loop checking out one VM of a pool (taking turns over the pools
 * and over the API replicas, as a load balancer would), holding it briefly and giving it back, every answer
 * written into the {@link CheckoutLedger}. A client whose replica does not answer tries the other one next, so
 * load moves to the surviving replica by itself.
 */
final class CheckoutLoad implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long a client keeps trying to give a VM back before it reports the VM as kept. */
    private static final Duration RETURN_DEADLINE = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CheckoutLedger ledger;
    private final List<String> pools;
    private final IntSupplier[] replicaPorts;
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean checkoutsHeld;

    private CheckoutLoad(CheckoutLedger ledger, List<String> pools, IntSupplier[] replicaPorts) {
        this.ledger = ledger;
        this.pools = pools;
        this.replicaPorts = replicaPorts;
    }

    static CheckoutLoad start(int clients, CheckoutLedger ledger, List<String> pools, IntSupplier... replicaPorts) {
        CheckoutLoad load = new CheckoutLoad(ledger, pools, replicaPorts);
        for (int c = 0; c < clients; c++) {
            int client = c;
            load.clients.add(Thread.ofPlatform().daemon().name("checkout-client-" + c).start(() -> load.run(client)));
        }
        return load;
    }

    private void run(int client) {
        int turn = client;
        try {
            while (running) {
                if (checkoutsHeld) {
                    Thread.sleep(100);
                    continue;
                }
                String pool = pools.get(turn % pools.size());
                int replica = turn % replicaPorts.length;
                turn++;
                checkOutHoldAndGiveBack(client, pool, replica);
            }
        } catch (InterruptedException e) {
            // the load is stopping
        }
    }

    private void checkOutHoldAndGiveBack(int client, String pool, int replica) throws InterruptedException {
        HttpResponse<String> answer;
        try {
            answer = send(replica, "POST", "/api/v3/vm/" + pool);
        } catch (IOException e) {
            ledger.answer("POST " + e.getClass().getSimpleName());
            pause(200, 400);
            return;
        }
        ledger.answer("POST " + answer.statusCode());
        if (answer.statusCode() != 200) {
            pause(500, 1000); // an empty pool: come back once the manager had a pass to refill it
            return;
        }
        CheckoutLedger.Hold hold = ledger.acknowledge(shortName(answer.body(), pool), pool, client);
        pause(500, 1500);
        giveBack(hold, replica);
        pause(200, 500);
    }

    /**
     * No new checkouts until {@link #resumeCheckouts()} (VMs held are still given back): on a loaded machine three
     * clients can drain a pool of 5 faster than a slowed-down manager refills it, which would say nothing about
     * whether the manager recovered.
     */
    void holdCheckouts() {
        checkoutsHeld = true;
    }

    void resumeCheckouts() {
        checkoutsHeld = false;
    }

    /** DELETE until an API answers: 200 is the VM given back, 404 a VM the store forgot it had handed out. */
    private void giveBack(CheckoutLedger.Hold hold, int replica) throws InterruptedException {
        long deadline = System.nanoTime() + RETURN_DEADLINE.toNanos();
        int attempt = replica;
        ledger.givingBack(hold);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = send(attempt % replicaPorts.length, "DELETE", "/api/v3/vm/" + hold.vm());
                ledger.answer("DELETE " + answer.statusCode());
                if (answer.statusCode() == 200) {
                    ledger.returned(hold);
                    return;
                }
                if (answer.statusCode() == 404) {
                    ledger.lost(hold, "DELETE answered 404 " + answer.body().strip());
                    return;
                }
            } catch (IOException e) {
                ledger.answer("DELETE " + e.getClass().getSimpleName());
            }
            attempt++;
            pause(200, 400);
        }
        // No API answered: the invariants then find out whether the store still has it running.
        ledger.kept(hold);
    }

    private HttpResponse<String> send(int replica, String method, String path) throws IOException,
            InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + replicaPorts[replica].getAsInt() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The store keys VMs by short name; the API answers with the FQDN. */
    private static String shortName(String body, String pool) {
        JsonNode hostname;
        try {
            hostname = JSON.readTree(body).path(pool).path("hostname");
        } catch (IOException e) {
            throw new IllegalStateException("checkout answered 200 with a body that is not JSON: " + body, e);
        }
        if (!hostname.isTextual()) {
            throw new IllegalStateException("checkout answered 200 without a hostname: " + body);
        }
        String fqdn = hostname.asText();
        int dot = fqdn.indexOf('.');
        return dot < 0 ? fqdn : fqdn.substring(0, dot);
    }

    private static void pause(int minMillis, int maxMillis) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.interrupt();
        }
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(30));
        }
    }
}
