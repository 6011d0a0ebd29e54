package org.vmpooler.api.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.EndToEndTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.NewVm;

/**
 * {@code /summary}: per-day and range statistics with true averages and the range's own min, max and average,
 * drill-down paths, and date validation with JSON 400s. Subclasses choose the store.
 */
public abstract class SummaryEndToEndTest extends EndToEndTestBase {
    private static final LocalDate YESTERDAY = LocalDate.of(2026, 3, 18);
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 19);
    private static final String RANGE = "?from=2026-03-18&to=2026-03-19";

    private void clone(String pool, String vm, double seconds, LocalDate day) {
        store.recordCloneSuccess(List.of(new ClonedVm(pool, vm, Duration.ofMillis(Math.round(seconds * 1000)), null)),
                day);
    }

    private void seedClones() {
        clone("debian", "vm1", 10, YESTERDAY);
        clone("debian", "vm2", 20, YESTERDAY);
        clone("centos", "vm3", 30, YESTERDAY);
        clone("debian", "vm4", 60, TODAY);
    }

    private TestConfig pools() {
        return new TestConfig().pool("debian", 0).pool("centos", 0).loopDelay(FAST);
    }

    @Test
    void rangeHasTrueAveragesAndItsOwnMinMaxAverage() {
        start(pools());
        seedClones();

        Response response = get("/api/v3/summary/clone" + RANGE);

        assertThat(response.status()).isEqualTo(200);
        JsonNode clone = response.json().get("clone");
        JsonNode duration = clone.get("duration");
        assertThat(duration.get("average").asDouble()).isEqualTo(30.0);
        assertThat(duration.get("min").asDouble()).isEqualTo(10.0);
        assertThat(duration.get("max").asDouble()).isEqualTo(60.0);
        assertThat(duration.get("total").asDouble()).isEqualTo(120.0);
        JsonNode debian = duration.get("pool").get("debian");
        assertThat(debian.get("average").asDouble()).as("(10+20+60)/3, not the mean of daily extremes")
                .isEqualTo(30.0);
        assertThat(debian.get("min").asDouble()).isEqualTo(10.0);
        assertThat(debian.get("max").asDouble()).isEqualTo(60.0);
        assertThat(clone.get("count").get("total").asLong()).isEqualTo(4);
        assertThat(clone.get("count").get("pool").get("debian").get("total").asLong()).isEqualTo(3);
        JsonNode daily = response.json().get("daily");
        assertThat(daily).hasSize(2);
        assertThat(daily.get(0).get("date").asText()).isEqualTo("2026-03-18");
        assertThat(daily.get(0).get("clone").get("duration").get("average").asDouble()).isEqualTo(20.0);
        assertThat(daily.get(1).get("clone").get("count").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void wholeSummaryListsEveryDayAndSection() {
        start(pools());
        seedClones();
        NewVm vm = NewVm.forPool("vm9", "debian", "example.com", clock.instant());
        store.reservePendingVm(vm);
        store.markReady("debian", List.of(new BootedVm("vm9", Duration.ofSeconds(42))), clock.instant(), TODAY);
        store.setTags("vm9", Map.of("project", "alpha"), TODAY);
        store.setTags("vm9", Map.of("project", "alpha"), YESTERDAY);

        JsonNode body = get("/api/v3/summary" + RANGE).json();

        assertThat(names(body)).containsExactly("daily", "boot", "clone", "tag");
        assertThat(body.get("boot").get("duration").get("max").asDouble()).isEqualTo(42.0);
        assertThat(body.get("tag").get("project").get("alpha").asLong()).isEqualTo(2);
        assertThat(body.get("tag").get("project").get("total").asLong()).isEqualTo(2);
        assertThat(names(body.get("daily").get(1)))
                .containsExactly("date", "boot", "clone", "tag");
        assertThat(get("/api/v3/summary/tag/project" + RANGE).json().get("tag").get("project").get("alpha").asLong())
                .isEqualTo(2);
        assertThat(get("/api/v3/summary/tag/owner" + RANGE).json().get("tag").isEmpty()).isTrue();
    }

    @Test
    void drillDownKeepsOnlyTheAskedMember() {
        start(pools());
        seedClones();

        JsonNode counts = get("/api/v3/summary/clone/count" + RANGE).json();

        assertThat(names(counts.get("clone"))).containsExactly("count");
        assertThat(names(counts.get("daily").get(0).get("clone"))).containsExactly("count");
        assertThat(get("/api/v3/summary/clone/nonsense").status()).isEqualTo(404);
        assertThat(get("/api/v3/summary/nonsense").status()).isEqualTo(404);
    }

    @Test
    void badDatesAre400WithAJsonBody() {
        start(pools());

        Map<String, String> refusals = Map.of(
                "?from=2026-3-1", "Invalid date format '2026-3-1', must match YYYY-MM-DD.",
                "?from=2026-02-30", "Invalid date '2026-02-30': no such day.",
                "?from=2026-03-19&to=2026-03-18", "Date range is invalid, 'to' cannot come before 'from'.",
                "?from=2026-03-20&to=2026-03-21", "Date range is invalid, 'from' must be in the past.",
                "?from=2025-03-18&to=2026-03-19", "Date range is too long: at most 366 days may be summarised.",
                "?from=0001-01-01", "Date range is too long: at most 366 days may be summarised.");
        refusals.forEach((query, message) -> {
            for (String path : List.of("/api/v3/summary", "/api/v3/summary/boot", "/api/v3/summary/nonsense")) {
                Response response = get(path + query);
                assertThat(response.status()).as(path + query).isEqualTo(400);
                assertThat(response.json().get("ok").asBoolean()).isFalse();
                assertThat(response.json().get("error").asText()).isEqualTo(message);
            }
        });
        assertThat(get("/api/v3/summary?from=2025-03-19&to=2026-03-19").status()).as("366 days").isEqualTo(200);
    }

    @Test
    void clonesAndBootsOfTheManagerAreCounted() {
        start(new TestConfig().pool("debian", 2).loopDelay(FAST));
        startManager();

        JsonNode body = eventually(() -> get("/api/v3/summary").json(),
                b -> b.get("boot").get("count").get("total").asLong() == 2);

        assertThat(body.get("clone").get("count").get("pool").get("debian").get("total").asLong()).isEqualTo(2);
        assertThat(body.get("daily")).hasSize(1);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
