package org.vmpooler.observability.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
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
        List<OutputStreamAppender<ILoggingEvent>> appenders = new ArrayList<>();
        logfile.filter(path -> !path.isBlank()).ifPresent(path -> {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(path);
            file.setAppend(true);
            appenders.add(file);
        });
        if (appenders.isEmpty() || debug) {
            appenders.add(new ConsoleAppender<>());
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(debug ? Level.DEBUG : Level.INFO);
        for (OutputStreamAppender<ILoggingEvent> appender : appenders) {
            appender.setContext(context);
            appender.setEncoder(encoder(context, format));
            appender.start();
            if (!appender.isStarted()) {
                throw new ConfigException("cannot write the log file " + logfile.orElse("") + "; check "
                        + ":config: logfile (LOGFILE) and the directory's permissions");
            }
            root.addAppender(appender);
        }
        for (String noisy : QUIET) {
            context.getLogger(noisy).setLevel(Level.WARN);
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
