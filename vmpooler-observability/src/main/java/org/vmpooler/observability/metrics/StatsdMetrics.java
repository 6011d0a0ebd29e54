package org.vmpooler.observability.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.metrics.Metrics;

/**
 * Sends each sample as one StatsD datagram, {@code <prefix>.<name>:<value>|c|g|ms}, as the reference does. UDP
 * never blocks on a slow or absent daemon; a send that fails is logged and the sample is lost.
 */
public final class StatsdMetrics implements Metrics, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsdMetrics.class);

    private final String prefix;
    private final InetSocketAddress target;
    private final DatagramChannel channel;
    private final FailureLog failures = new FailureLog(LOG, "StatsD");

    public StatsdMetrics(MetricsConfig.Statsd config) {
        this.prefix = config.prefix();
        this.target = new InetSocketAddress(config.server(), config.port());
        try {
            this.channel = DatagramChannel.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a UDP socket for StatsD: " + e.getMessage(), e);
        }
        if (target.isUnresolved()) {
            LOG.warn("StatsD server '{}' does not resolve; metrics are dropped until it does", config.server());
        }
        LOG.info("metrics go to StatsD at {}:{} with prefix '{}'", config.server(), config.port(), prefix);
    }

    @Override
    public void increment(String name) {
        send(name, "1", "c");
    }

    @Override
    public void gauge(String name, double value) {
        send(name, SampleValue.format(value), "g");
    }

    @Override
    public void timing(String name, double value) {
        send(name, SampleValue.format(value), "ms");
    }

    private void send(String name, String value, String type) {
        byte[] datagram = (prefix + "." + name + ":" + value + "|" + type).getBytes(StandardCharsets.UTF_8);
        try {
            InetSocketAddress resolved = target.isUnresolved()
                    ? new InetSocketAddress(target.getHostString(), target.getPort()) : target;
            channel.send(ByteBuffer.wrap(datagram), resolved);
            failures.recovered();
        } catch (IOException | RuntimeException e) {
            failures.failed("sending '" + name + "' to " + target, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the StatsD socket failed: {}", e.toString());
        }
    }
}
