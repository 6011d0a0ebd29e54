package org.vmpooler.api.summary;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import org.vmpooler.api.http.ApiError;

/**
 * The {@code from}/{@code to} days of a summary, both included, each defaulting to today. Every problem is a 400
 * with a JSON body: a malformed or impossible date (the reference crashed on {@code 2015-02-30}), {@code to}
 * before {@code from}, {@code from} in the future, or more than {@value #MAX_DAYS} days (the reference read one
 * statistic per day of any range, so {@code from=0001-01-01} kept it busy for minutes).
 */
record DateRange(LocalDate from, LocalDate to) {
    static final int MAX_DAYS = 366;
    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    static DateRange parse(String from, String to, LocalDate today) {
        LocalDate start = day(from, today);
        LocalDate end = day(to, today);
        if (end.isBefore(start)) {
            throw ApiError.withMessage(400, "Date range is invalid, 'to' cannot come before 'from'.");
        }
        if (start.isAfter(today)) {
            throw ApiError.withMessage(400, "Date range is invalid, 'from' must be in the past.");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw ApiError.withMessage(400, "Date range is too long: at most " + MAX_DAYS + " days may be summarised.");
        }
        return new DateRange(start, end);
    }

    List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    private static LocalDate day(String text, LocalDate today) {
        if (text == null) {
            return today;
        }
        if (!FORMAT.matcher(text).matches()) {
            throw ApiError.withMessage(400, "Invalid date format '" + text + "', must match YYYY-MM-DD.");
        }
        try {
            return LocalDate.parse(text, STRICT);
        } catch (DateTimeException e) {
            throw ApiError.withMessage(400, "Invalid date '" + text + "': no such day.");
        }
    }
}
