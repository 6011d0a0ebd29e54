package org.vmpooler.api.summary;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.Statistics;

/**
 * {@code /summary[/<boot|clone|tag>[/<key>]]?from=&to=}: clone and boot times and tag counts, per day and over
 * the range. For boot and clone the key keeps only {@code duration} or {@code count}; for tag it keeps one tag.
 */
public final class SummaryRoutes implements RouteGroup {
    private static final String BASE = "/api/v3/summary";
    private static final Logger LOG = LoggerFactory.getLogger(SummaryRoutes.class);
    private static final List<String> TASK_KEYS = List.of("duration", "count");

    private final Statistics store;
    private final Clock clock;

    public SummaryRoutes(Statistics store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig app) {
        app.get(BASE, this::everything);
        app.get(BASE + "/{route}", ctx -> section(ctx, Optional.empty()));
        app.get(BASE + "/{route}/{key}", ctx -> section(ctx, Optional.of(ctx.pathParam("key"))));
    }

    private void everything(Context ctx) {
        DateRange range = range(ctx);
        List<Map<String, Object>> daily = new ArrayList<>();
        DurationStats boot = new DurationStats();
        DurationStats clone = new DurationStats();
        TagStats tags = new TagStats();
        for (LocalDate day : range.days()) {
            DurationStats dayBoot = durations(DailyStat.BOOT, day);
            DurationStats dayClone = durations(DailyStat.CLONE, day);
            TagStats dayTags = tags(day, Optional.empty());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("date", day.toString());
            entry.put("boot", dayBoot.render());
            entry.put("clone", dayClone.render());
            entry.put("tag", dayTags.render());
            daily.add(entry);
            boot.merge(dayBoot);
            clone.merge(dayClone);
            tags.merge(dayTags);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("daily", daily);
        body.put("boot", boot.render());
        body.put("clone", clone.render());
        body.put("tag", tags.render());
        ApiResponses.json(ctx, 200, body);
    }

    private void section(Context ctx, Optional<String> key) {
        DateRange range = range(ctx);
        String route = ctx.pathParam("route");
        switch (route) {
            case "boot" -> task(ctx, route, DailyStat.BOOT, range, key);
            case "clone" -> task(ctx, route, DailyStat.CLONE, range, key);
            case "tag" -> tag(ctx, range, key);
            default -> throw ApiError.bare(404);
        }
    }

    private void task(Context ctx, String route, DailyStat stat, DateRange range, Optional<String> key) {
        if (key.isPresent() && !TASK_KEYS.contains(key.get())) {
            throw ApiError.bare(404);
        }
        List<Map<String, Object>> daily = new ArrayList<>();
        DurationStats all = new DurationStats();
        for (LocalDate day : range.days()) {
            DurationStats stats = durations(stat, day);
            all.merge(stats);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("date", day.toString());
            entry.put(route, only(stats.render(), key));
            daily.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(route, only(all.render(), key));
        body.put("daily", daily);
        ApiResponses.json(ctx, 200, body);
    }

    private void tag(Context ctx, DateRange range, Optional<String> key) {
        List<Map<String, Object>> daily = new ArrayList<>();
        TagStats all = new TagStats();
        for (LocalDate day : range.days()) {
            TagStats stats = tags(day, key);
            all.merge(stats);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("date", day.toString());
            entry.put("tag", stats.render());
            daily.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tag", all.render());
        body.put("daily", daily);
        ApiResponses.json(ctx, 200, body);
    }

    private static Map<String, Object> only(Map<String, Object> rendered, Optional<String> key) {
        if (key.isEmpty()) {
            return rendered;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put(key.get(), rendered.get(key.get()));
        return kept;
    }

    private DateRange range(Context ctx) {
        LocalDate today = RubyTime.day(clock.instant(), clock.getZone());
        return DateRange.parse(ctx.queryParam("from"), ctx.queryParam("to"), today);
    }

    /** Fields {@code <pool>:<vm>} (a field without ':' counts for pool {@code unknown}), values seconds. */
    private DurationStats durations(DailyStat stat, LocalDate day) {
        DurationStats stats = new DurationStats();
        store.dailyStats(stat, day).forEach((field, value) -> {
            int colon = field.indexOf(':');
            String pool = colon < 0 ? "unknown" : field.substring(0, colon);
            try {
                stats.add(pool, Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                LOG.warn("summary: ignoring unreadable {} time '{}' of {} on {}", stat, value, field, day);
            }
        });
        return stats;
    }

    private TagStats tags(LocalDate day, Optional<String> onlyTag) {
        TagStats stats = new TagStats();
        store.dailyStats(DailyStat.TAG, day).forEach((field, value) -> stats.add(field, value, onlyTag));
        return stats;
    }
}
