package org.vmpooler.observability.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;

import org.slf4j.LoggerFactory;
import org.vmpooler.config.ConfigException;

/**
 * Sends the process's logs where the reference does: appended to the configured {@code logfile} (LOGFILE), and
 * also to stdout when VMPOOLER_DEBUG is set. Without a logfile they go to stdout, which is what containers
 * collect (the reference's default, /var/log/vmpooler.log, is rarely writable for a service user).
 */
public final class LogSetup {
    /** The reference's line: {@code [2026-11-23 22:35:58] message}. */
    private static final String APPENDER = "vmpooler";
    static final String TEXT_PATTERN = "[%d{yyyy-MM-dd HH:mm:ss}] %msg%n";
    private static final List<String> QUIET = List.of("io.lettuce", "io.netty", "org.eclipse.jetty", "io.javalin",
            "io.opentelemetry");

    private LogSetup() {
    }

    public static void configure(Optional<String> logfile, boolean debug, LogFormat format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        List<BatchingAppender.Target> targets = new ArrayList<>();
        logfile.filter(path -> !path.isBlank())
                .ifPresent(path -> targets.add(new BatchingAppender.Target(open(path), encoder(context, format), true)));
        if (targets.isEmpty() || debug) {
            targets.add(new BatchingAppender.Target(System.out, encoder(context, format), false));
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(debug ? Level.DEBUG : Level.INFO);
        // The text line is the time and the message; JSON lines also carry the thread and the MDC.
        BatchingAppender appender = new BatchingAppender(targets,
                format == LogFormat.JSON ? BatchingAppender.Capture.CONTEXT : BatchingAppender.Capture.MESSAGE);
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.start();
        root.addAppender(appender);
        for (String noisy : QUIET) {
            context.getLogger(noisy).setLevel(Level.WARN);
        }
    }

    /**
     * Waits until every line logged so far is written, at most {@code timeout}; before the process halts, and
     * for tests that read the log.
     */
    public static boolean flush(Duration timeout) throws InterruptedException {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER) instanceof BatchingAppender appender) {
            return appender.awaitWritten(timeout);
        }
        return true;
    }

    /**
     * The log file's folder must exist: creating it would hide a path copied from another machine (a laptop's
     * {@code /Users/...} made on a server) until someone wonders where the logs went.
     */
    public static void checkLogfile(Optional<String> logfile) {
        logfile.filter(path -> !path.isBlank()).ifPresent(LogSetup::folderOf);
    }

    private static Path folderOf(String path) {
        Path folder;
        try {
            folder = Path.of(path).toAbsolutePath().getParent();
        } catch (InvalidPathException e) {
            throw new ConfigException("cannot write the log file " + path + " (" + e.getMessage()
                    + "); check :config: logfile (LOGFILE)");
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new ConfigException("the folder " + folder + " of the log file " + path + " does not exist; create"
                    + " it (mkdir -p " + folder + ") or change :config: logfile (LOGFILE)");
        }
        return folder;
    }

    private static OutputStream open(String path) {
        folderOf(path);
        try {
            return new FileOutputStream(Path.of(path).toAbsolutePath().toFile(), true);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException("cannot write the log file " + path + " (" + e.getMessage()
                    + "); check :config: logfile (LOGFILE) and the directory's permissions");
        }
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}
