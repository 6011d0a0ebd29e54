package org.vmpooler.api.vm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.VmRecord;

/**
 * The body of {@code GET /vm/<host>} for one VM record, members in the reference's order. Two fixes: the
 * remaining time and end time use the same lifetime that is shown (the VM's own, else the configured default),
 * and {@code ip} is the address the manager recorded rather than a DNS lookup made on every request.
 */
final class VmDetails {
    /** Ruby's {@code Time#iso8601} on a local time: the offset is always numeric, {@code +00:00} included. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final VmpoolerConfig config;
    private final Clock clock;

    VmDetails(VmpoolerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    Map<String, Object> describe(VmRecord vm) {
        ZoneId zone = clock.getZone();
        Map<String, Object> body = new LinkedHashMap<>();
        vm.field(VmRecord.Field.TEMPLATE).ifPresent(t -> body.put("template", t));
        int lifetime = lifetimeHours(vm);
        body.put("lifetime", lifetime);
        Optional<Instant> checkout = vm.checkedOutAt(zone);
        Optional<Instant> destroyed = vm.destroyedAt(zone);
        if (destroyed.isPresent()) {
            checkout.ifPresent(start -> body.put("running", hours(Duration.between(start, destroyed.get()))));
            body.put("state", "destroyed");
        } else if (checkout.isPresent()) {
            Instant start = checkout.get();
            Instant end = start.plus(Duration.ofHours(lifetime));
            Instant now = clock.instant();
            body.put("running", hours(Duration.between(start, now)));
            body.put("remaining", hours(Duration.between(now, end)));
            body.put("start_time", RFC3339.format(start.atZone(zone)));
            body.put("end_time", RFC3339.format(end.atZone(zone)));
            body.put("state", "running");
        } else if (vm.field(VmRecord.Field.CHECK).isPresent() || vm.field(VmRecord.Field.READY).isPresent()) {
            body.put("state", "ready");
        } else {
            body.put("state", "pending");
        }
        Map<String, String> tags = vm.tags();
        if (!tags.isEmpty()) {
            body.put("tags", tags);
        }
        List<String> snapshots = vm.snapshots();
        if (!snapshots.isEmpty()) {
            body.put("snapshots", snapshots);
        }
        if (vm.field(VmRecord.Field.DISK).isPresent()) {
            body.put("disk", vm.disks());
        }
        body.put("ip", vm.field(VmRecord.Field.IP).orElse(""));
        vm.field(VmRecord.Field.POOL).ifPresent(pool -> body.put("fqdn", fqdn(vm, pool)));
        vm.field(VmRecord.Field.HOST).ifPresent(h -> body.put("host", h));
        vm.field(VmRecord.Field.MIGRATED).ifPresent(m -> body.put("migrated", m));
        return body;
    }

    private int lifetimeHours(VmRecord vm) {
        var own = vm.lifetimeHours();
        if (own.isPresent()) {
            return own.getAsInt();
        }
        return Math.toIntExact(config.global().lifecycle().vmLifetime().toHours());
    }

    private String fqdn(VmRecord vm, String pool) {
        Optional<String> domain = config.domainFor(pool).or(vm::domain).filter(d -> !d.isEmpty());
        return domain.map(d -> vm.name() + "." + d).orElse(vm.name());
    }

    /** Hours with two decimals, as a JSON number. */
    private static double hours(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 2, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
