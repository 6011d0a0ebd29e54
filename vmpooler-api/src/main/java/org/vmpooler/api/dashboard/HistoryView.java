package org.vmpooler.api.dashboard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The page's graphs data: every series over one range, as {@code [epochSeconds, value]} pairs. */
final class HistoryView {
    private final List<String> series;
    private final DashboardHistory history;

    HistoryView(List<String> pools, DashboardHistory history) {
        this.series = DashboardHistory.seriesFor(pools);
        this.history = history;
    }

    Map<String, Object> render(HistoryRange range, Instant now) {
        Map<String, Object> series = new LinkedHashMap<>();
        history.read(this.series, range, now).forEach((name, points) -> series.put(name,
                points.stream().map(p -> List.of(p.time(), JsonNumbers.of(p.value()))).toList()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("range", range.key());
        body.put("step", history.stepFor(range).toSeconds());
        body.put("from", now.minus(range.span()).getEpochSecond());
        body.put("to", now.getEpochSecond());
        body.put("series", series);
        return body;
    }
}
