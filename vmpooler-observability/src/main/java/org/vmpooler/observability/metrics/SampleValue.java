package org.vmpooler.observability.metrics;

/** Sample values as text: whole numbers without a fraction (what the reference's Ruby integers look like). */
final class SampleValue {
    private SampleValue() {
    }

    static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
