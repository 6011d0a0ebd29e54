package org.vmpooler.observability.prometheus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One named metric with its label names and a series per distinct set of label values. Thread-safe: the API's
 * request threads and the manager's workers record concurrently while a scrape reads.
 */
public final class MetricFamily {
    private final String name;
    private final MetricType type;
    private final String help;
    private final List<String> labelNames;
    private final Map<String, String> constantLabels;
    private final double[] buckets;
    private final ConcurrentMap<List<String>, Series> series = new ConcurrentHashMap<>();

    MetricFamily(String name, MetricType type, String help, List<String> labelNames, Map<String, String> constantLabels,
                 double[] buckets) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.labelNames = List.copyOf(labelNames);
        this.constantLabels = Map.copyOf(constantLabels);
        this.buckets = buckets.clone();
        Arrays.sort(this.buckets);
    }

    public String name() {
        return name;
    }

    public MetricType type() {
        return type;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    /** Adds to a counter, or to a gauge (the reference's client lets a gauge be incremented). */
    public void add(List<String> labelValues, double amount) {
        if (type == MetricType.HISTOGRAM) {
            throw new IllegalStateException(name + " is a histogram: it takes observations, not increments");
        }
        if (type == MetricType.COUNTER && amount < 0) {
            throw new IllegalArgumentException(name + " is a counter: it cannot decrease by " + amount);
        }
        seriesFor(labelValues).add(amount);
    }

    public void set(List<String> labelValues, double value) {
        if (type != MetricType.GAUGE) {
            throw new IllegalStateException(name + " is a " + type.exposition + ": only gauges are set");
        }
        seriesFor(labelValues).set(value);
    }

    public void observe(List<String> labelValues, double value) {
        if (type != MetricType.HISTOGRAM) {
            throw new IllegalStateException(name + " is a " + type.exposition + ": only histograms take observations");
        }
        int bucket = 0;
        while (bucket < buckets.length && value > buckets[bucket]) {
            bucket++;
        }
        seriesFor(labelValues).observe(value, bucket);
    }

    /** The current value of a counter or gauge series; 0 when it was never recorded. */
    public double value(List<String> labelValues) {
        Series s = series.get(labelValues);
        return s == null ? 0 : s.value();
    }

    private Series seriesFor(List<String> labelValues) {
        if (labelValues.size() != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + " but got values " + labelValues);
        }
        for (String value : labelValues) {
            if (value == null) {
                throw new IllegalArgumentException(name + " got no value for a label of " + labelNames);
            }
        }
        return series.computeIfAbsent(List.copyOf(labelValues), k -> new Series(buckets.length));
    }

    /** Appends this family in the Prometheus text format 0.0.4. */
    void writeTo(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.exposition).append('\n');
        List<Map.Entry<List<String>, Series>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Map.Entry.comparingByKey((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b))));
        for (Map.Entry<List<String>, Series> entry : entries) {
            if (type == MetricType.HISTOGRAM) {
                writeHistogram(out, entry.getKey(), entry.getValue());
            } else {
                sample(out, name, entry.getKey(), null, entry.getValue().value());
            }
        }
    }

    private void writeHistogram(StringBuilder out, List<String> labelValues, Series s) {
        long[] counts;
        double sum;
        long count;
        synchronized (s) {
            counts = s.bucketCounts.clone();
            sum = s.sum;
            count = s.count;
        }
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += counts[i];
            sample(out, name + "_bucket", labelValues, number(buckets[i]), cumulative);
        }
        sample(out, name + "_bucket", labelValues, "+Inf", count);
        sample(out, name + "_sum", labelValues, null, sum);
        sample(out, name + "_count", labelValues, null, count);
    }

    private void sample(StringBuilder out, String sampleName, List<String> labelValues, String le, double value) {
        out.append(sampleName);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < labelNames.size(); i++) {
            parts.add(label(labelNames.get(i), labelValues.get(i)));
        }
        constantLabels.forEach((k, v) -> parts.add(label(k, v)));
        if (le != null) {
            parts.add(label("le", le));
        }
        if (!parts.isEmpty()) {
            out.append('{').append(String.join(",", parts)).append('}');
        }
        out.append(' ').append(value(value)).append('\n');
    }

    private static String label(String key, String value) {
        return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Bucket bounds as the reference's client writes them: {@code 30}, {@code 0.005}. */
    private static String number(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    /** A counter or gauge value, or a histogram's buckets (per-bucket counts; made cumulative when written). */
    private static final class Series {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));
        private final long[] bucketCounts;
        private double sum;
        private long count;

        Series(int bucketCount) {
            this.bucketCounts = new long[bucketCount];
        }

        void add(double amount) {
            bits.accumulateAndGet(0, (current, ignored) ->
                    Double.doubleToRawLongBits(Double.longBitsToDouble(current) + amount));
        }

        void set(double value) {
            bits.set(Double.doubleToRawLongBits(value));
        }

        double value() {
            return Double.longBitsToDouble(bits.get());
        }

        /** {@code bucket} is the first bucket whose bound holds the value, or the count of buckets for +Inf. */
        synchronized void observe(double value, int bucket) {
            if (bucket < bucketCounts.length) {
                bucketCounts[bucket]++;
            }
            sum += value;
            count++;
        }
    }
}
