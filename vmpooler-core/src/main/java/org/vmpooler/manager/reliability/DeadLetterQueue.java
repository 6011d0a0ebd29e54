package org.vmpooler.manager.reliability;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.DlqSettings;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.Operations;

/**
 * Records VMs that failed ({@code pending} timeouts, unreachable {@code ready} VMs, {@code clone} errors) in the
 * reference's dead-letter queues, when {@code dlq_enabled}. Entries are {@code <vm>:<epoch>:<json>}. A failure to
 * write is logged and never disturbs the caller.
 */
public final class DeadLetterQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DlqSettings settings;
    private final Operations store;
    private final Metrics metrics;
    private final Clock clock;

    public DeadLetterQueue(DlqSettings settings, Operations store, Metrics metrics, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One failed VM; {@code requestId}/{@code poolAlias} may be null. */
    public record Letter(String queue, String vm, String pool, String errorClass, String errorMessage, int retryCount,
                         String requestId, String poolAlias) {
    }

    public void add(Letter letter) {
        if (!settings.enabled()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vm", letter.vm());
        body.put("pool", letter.pool());
        body.put("queue_from", letter.queue());
        body.put("error_class", letter.errorClass());
        body.put("error_message", letter.errorMessage());
        body.put("failed_at", RubyTime.iso8601(now, clock.getZone()));
        body.put("retry_count", letter.retryCount());
        body.values().removeIf(Objects::isNull);
        if (letter.requestId() != null) {
            body.put("request_id", letter.requestId());
        }
        if (letter.poolAlias() != null) {
            body.put("pool_alias", letter.poolAlias());
        }
        try {
            long epoch = now.getEpochSecond();
            String entry = letter.vm() + ":" + epoch + ":" + JSON.writeValueAsString(body);
            store.addDeadLetter(letter.queue(), entry, epoch, settings.maxEntries(), settings.ttl());
            metrics.increment("vmpooler_dlq." + letter.queue() + ".count");
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Could not add VM {} of pool {} to the {} dead-letter queue: {}", letter.vm(), letter.pool(),
                    letter.queue(), e.toString());
        }
    }
}
