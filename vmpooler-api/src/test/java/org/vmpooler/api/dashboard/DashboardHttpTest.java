package org.vmpooler.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.NewVm;

/** The dashboard over HTTP: page, assets, the page's JSON and the reference's stats endpoints. */
public abstract class DashboardHttpTest extends ApiTestBase {

    private static TestConfig pools() {
        return new TestConfig().pool("centos-7", 3).pool("centos-8", 2).pool("debian", 1);
    }

    /** Starts the server with VMs already in the store, so the sampler's first point sees them too. */
    private void startWith(TestConfig testConfig, Runnable seed) {
        start(testConfig, RandomGenerator.of("L64X128MixRandom"), store -> {
            seed.run();
            return store;
        });
    }

    private void seedTwoCentosOneDebian() {
        ready("centos-7", "c7a");
        ready("centos-7", "c7b");
        ready("centos-8", "c8a");
        store.reservePendingVm(NewVm.forPool("dpend", "debian", "example.com", clock.instant()));
    }

    @Test
    void thePageCarriesTheSiteNameEscaped() {
        start(pools().siteName("<script>alert(1)</script> & Co's pool"));

        Response page = get("/dashboard/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<h1 id=\"site\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co&#39;s pool</h1>")
                .doesNotContain("<script>alert");
        assertThat(get("/dashboard").body()).isEqualTo(page.body());
    }

    @Test
    void theReferenceDefaultTitleShowsAsBoldVmpooler() {
        start(pools().siteName("<b>vmpooler</b>"));

        assertThat(get("/dashboard/").body()).contains("<h1 id=\"site\"><b>vmpooler</b></h1>")
                .contains("<title>vmpooler · dashboard</title>");
    }

    @Test
    void everyAssetIsServedByTheProcessItselfAndNothingElse() {
        start(pools());

        String page = get("/dashboard/").body();
        assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
        Response script = get("/dashboard/assets/dashboard.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/dashboard/assets/dashboard.css").status()).isEqualTo(200);
        Response missing = get("/dashboard/assets/..%2F..%2Fsecret");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("ok").asBoolean()).isFalse();
    }

    @Test
    void poolStatsKeepTheReferenceShape() {
        startWith(pools(), this::seedTwoCentosOneDebian);

        JsonNode body = get("/dashboard/stats/vmpooler/pool").json();

        assertThat(body.fieldNames()).toIterable().containsExactly("centos-7", "centos-8", "debian");
        assertThat(body.get("centos-7").toString()).isEqualTo("{\"size\":3,\"ready\":2}");
        assertThat(body.get("debian").toString()).isEqualTo("{\"size\":1,\"ready\":0}");
    }

    @Test
    void poolStatsWithHistoryEndOnTheCurrentCount() {
        startWith(pools(), this::seedTwoCentosOneDebian);

        for (String query : List.of("?history=1", "?history=", "?history")) {
            JsonNode body = get("/dashboard/stats/vmpooler/pool" + query).json();
            assertThat(body.get("centos-7").get("history").toString()).as(query).isEqualTo("[2]");
            assertThat(body.get("debian").get("history").toString()).as(query).isEqualTo("[0]");
        }
    }

    @Test
    void runningIsGroupedByTheNameBeforeTheFirstDash() {
        startWith(pools(), this::seedTwoCentosOneDebian);
        assertThat(post("/api/v3/vm/centos-7+centos-8").status()).isEqualTo(200);

        JsonNode body = get("/dashboard/stats/vmpooler/running").json();

        assertThat(body.toString()).isEqualTo("{\"centos\":{\"running\":2},\"debian\":{\"running\":0}}");
    }

    @Test
    void theOverviewShowsEveryPoolAndFlagsTheEmptyOnes() {
        startWith(pools(), this::seedTwoCentosOneDebian);
        assertThat(post("/api/v3/vm/centos-8").status()).isEqualTo(200);

        JsonNode body = get("/dashboard/stats/overview").json();

        JsonNode pools = body.get("pools");
        assertThat(pools).extracting(p -> p.get("name").asText()).containsExactly("centos-7", "centos-8", "debian");
        JsonNode centos8 = pools.get(1);
        assertThat(centos8.get("ready").asLong()).isZero();
        assertThat(centos8.get("running").asLong()).isEqualTo(1);
        assertThat(centos8.get("size").asInt()).isEqualTo(2);
        assertThat(centos8.get("empty").asBoolean()).isTrue();
        assertThat(centos8.get("group").asText()).isEqualTo("centos");
        JsonNode centos7 = pools.get(0);
        assertThat(centos7.get("capacity").asDouble()).isEqualTo(66.7);
        assertThat(centos7.get("empty").asBoolean()).isFalse();
        assertThat(pools.get(2).get("pending").asLong()).isEqualTo(1);
        JsonNode totals = body.get("totals");
        assertThat(totals.get("ready").asLong()).isEqualTo(2);
        assertThat(totals.get("size").asLong()).isEqualTo(6);
        assertThat(totals.get("running").asLong()).isEqualTo(1);
        assertThat(totals.get("emptyPools").asLong()).isEqualTo(2);
        assertThat(body.get("ondemand").get("requested").asLong()).isZero();
        assertThat(body.get("boot").get("count").asLong()).isEqualTo(3);
        assertThat(body.get("sampleSeconds").asLong()).isEqualTo(DashboardRoutes.SAMPLE_INTERVAL.toSeconds());
    }

    @Test
    void historyNamesEverySeriesAndRejectsAnUnknownRange() {
        startWith(pools(), this::seedTwoCentosOneDebian);

        JsonNode week = get("/dashboard/stats/history?range=week").json();
        assertThat(week.get("step").asLong()).isEqualTo(300);
        assertThat(week.get("series").fieldNames()).toIterable().contains("ready.centos-7", "running.debian",
                "pending.centos-8", "clone.average", "boot.average");

        Response bad = get("/dashboard/stats/history?range=year");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("ok").asBoolean()).isFalse();
        assertThat(bad.body()).contains("unknown history range 'year'");
    }

    @Test
    void historyComesFromGraphiteWhenOneIsConfigured() throws IOException {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer graphite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        graphite.createContext("/render", exchange -> {
            asked.add(exchange.getRequestURI().getRawQuery());
            String metric = exchange.getRequestURI().getQuery().contains(".running.") ? "running" : "ready";
            byte[] json = ("[{\"target\":\"stats.vmpooler." + metric + ".centos-7\",\"datapoints\":"
                    + "[[null,1],[1,2],[null,3],[2,4]]},"
                    + "{\"target\":\"stats.vmpooler." + metric + ".unknown\",\"datapoints\":[[9,1]]}]")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        });
        graphite.start();
        closeAfterwards(() -> graphite.stop(0));
        startWith(pools().graphs("127.0.0.1:" + graphite.getAddress().getPort(), "stats.vmpooler"),
                this::seedTwoCentosOneDebian);

        JsonNode pool = get("/dashboard/stats/vmpooler/pool?history=1").json();
        JsonNode running = get("/dashboard/stats/vmpooler/running?history=1").json();

        assertThat(asked).first().asString().contains("target=stats.vmpooler.ready.*").contains("from=-1hour")
                .contains("format=json");
        assertThat(pool.get("centos-7").get("history").toString()).as("a gap repeats the size, then the last value")
                .isEqualTo("[3,1,1,2]");
        assertThat(pool.get("centos-8").get("history").toString()).isEqualTo("[1]");
        assertThat(running.get("centos").get("history").toString()).isEqualTo("[0,1,1,2]");
    }

    @Test
    void anUnreachableGraphiteFallsBackToTheOwnHistory() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        startWith(pools().graphs("127.0.0.1:" + closedPort, "vmpooler"), this::seedTwoCentosOneDebian);

        Response response = get("/dashboard/stats/vmpooler/pool?history=1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("centos-7").get("history").toString()).isEqualTo("[2]");
    }
}
