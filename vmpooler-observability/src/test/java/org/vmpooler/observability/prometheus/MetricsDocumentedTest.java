package org.vmpooler.observability.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every Prometheus metric the service can serve has a line in the metrics table of docs/OPERATIONS.md. */
class MetricsDocumentedTest {
    private static final Path OPERATIONS = Path.of("..", "docs", "OPERATIONS.md");

    @Test
    void everyMetricOfTheTableIsInTheOperatorsTable() throws Exception {
        String doc = Files.readString(OPERATIONS);
        MetricTable table = new MetricTable("P");
        List<String> names = new ArrayList<>();
        for (MetricTable.Row row : MetricTable.rows()) {
            if (row.suffixes().isEmpty()) {
                names.add(table.metricName(row, null));
            }
            row.suffixes().keySet().forEach(suffix -> names.add(table.metricName(row, suffix)));
        }

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(documented(doc, name))
                .as("%s (or a P_…* family covering it) in %s", name, OPERATIONS).isTrue());
    }

    /** Named whole, or by a family written with a trailing {@code *} ({@code P_ondemandrequest_*}). */
    private static boolean documented(String doc, String name) {
        if (Pattern.compile(Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(doc).find()) {
            return true;
        }
        for (int end = name.length() - 1; end > 2; end--) {
            if (doc.contains(name.substring(0, end) + "*")) {
                return true;
            }
        }
        return false;
    }
}
