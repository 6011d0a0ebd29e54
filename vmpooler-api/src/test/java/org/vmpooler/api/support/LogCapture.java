package org.vmpooler.api.support;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

import org.slf4j.LoggerFactory;

/** Everything logged while it is open, as events and as the text a log file would hold (stack traces included). */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Each event's message, followed by its stack trace when it has one. */
    public List<String> lines() {
        return events().stream().map(event -> event.getFormattedMessage() + trace(event.getThrowableProxy()))
                .toList();
    }

    private static String trace(IThrowableProxy throwable) {
        return throwable == null ? "" : "\n" + ThrowableProxyUtil.asString(throwable);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
