package org.vmpooler.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The timestamp formats the Ruby reference writes into Redis, so that a Ruby and a Java process can share
 * one Redis. VM, token and "lastboot" times use Ruby's {@code Time#to_s} ({@code 2026-03-19 12:10:59 +0530},
 * local zone); DLQ and health entries use ISO-8601 with seconds precision.
 */
public final class RubyTime {
    private static final DateTimeFormatter TO_S = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");
    private static final DateTimeFormatter NO_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private RubyTime() {
    }

    /** {@code Time#to_s}: {@code yyyy-MM-dd HH:mm:ss +ZZZZ} in the given zone. */
    public static String format(Instant instant, ZoneId zone) {
        return TO_S.format(instant.atZone(zone));
    }

    /** {@code Time#iso8601}: seconds precision with offset, e.g. {@code 2026-03-19T12:10:59+05:30}. */
    public static String iso8601(Instant instant, ZoneId zone) {
        return ISO_SECONDS.format(instant.atZone(zone));
    }

    /** The local date used as suffix of the daily stats keys ({@code vmpooler__boot__2026-03-19}). */
    public static LocalDate day(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate();
    }

    /**
     * Parses what Ruby's lenient {@code Time.parse} would accept from the values vmpooler writes: the
     * {@code to_s} form, ISO-8601 with or without offset, a zone-less local time, or epoch seconds.
     * Returns empty for anything else, so that callers decide what an unreadable stamp means.
     */
    public static Optional<Instant> parse(String text, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(s, TO_S).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDateTime.parse(s, NO_ZONE).atZone(zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDateTime.parse(s).atZone(zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        if (s.matches("\\d{9,11}(\\.\\d+)?")) {
            return Optional.of(Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000)));
        }
        return Optional.empty();
    }

    /**
     * Durations are stored as seconds with two decimals ({@code "12.34"}, halves rounded away from zero), as the
     * reference does. Written with integer arithmetic: a formatter per call was a visible share of the manager's
     * allocation, with several durations logged and stored per VM.
     */
    public static String seconds(java.time.Duration duration) {
        long nanos = duration.toNanos();
        long hundredths = (Math.abs(nanos) + 5_000_000) / 10_000_000;
        long fraction = hundredths % 100;
        return (nanos < 0 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
