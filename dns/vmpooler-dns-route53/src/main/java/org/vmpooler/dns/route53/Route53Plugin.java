package org.vmpooler.dns.route53;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.dns.DnsException;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A VM's address record in a Route 53 hosted zone: UPSERT on create, DELETE of exactly the record holding the
 * VM's address on destroy (Route 53 deletes only a record given with its current TTL and values, which also
 * leaves alone a name someone has pointed elsewhere). Concurrent changes go out together ({@link ChangeBatcher});
 * each call returns once Route 53 reports its change {@code INSYNC}, or fails at the {@code deadline}.
 */
final class Route53Plugin implements DnsPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(Route53Plugin.class);

    private final Route53Settings settings;
    private final Route53Client route53;
    private final ChangeBatcher batcher;

    Route53Plugin(Route53Settings settings, Route53Client route53) {
        this.settings = settings;
        this.route53 = route53;
        this.batcher = new ChangeBatcher(settings.batchWindow(), this::send);
    }

    @Override
    public void close() {
        route53.close();
    }

    @Override
    public String name() {
        return settings.config();
    }

    @Override
    public void createOrReplaceRecord(VmAddress vm) {
        batcher.apply(change(ChangeAction.UPSERT, ResourceRecordSet.builder().name(vm.fqdn()).type(type(vm))
                .ttl(settings.ttl()).resourceRecords(ResourceRecord.builder().value(vm.ip()).build()).build()));
    }

    @Override
    public void deleteRecord(VmAddress vm) {
        Optional<ResourceRecordSet> current = current(vm);
        if (current.isEmpty()) {
            return;
        }
        List<String> values = current.get().resourceRecords().stream().map(ResourceRecord::value).toList();
        if (!values.equals(List.of(vm.ip()))) {
            LOG.info("{}: {} now points at {}, not at {}; left alone", settings.describe(), vm.fqdn(), values,
                    vm.ip());
            return;
        }
        batcher.apply(change(ChangeAction.DELETE, current.get()));
    }

    private static Change change(ChangeAction action, ResourceRecordSet record) {
        return Change.builder().action(action).resourceRecordSet(record).build();
    }

    private static RRType type(VmAddress vm) {
        return vm.ipv6() ? RRType.AAAA : RRType.A;
    }

    private Optional<ResourceRecordSet> current(VmAddress vm) {
        String name = vm.fqdn() + ".";
        try {
            return route53.listResourceRecordSets(r -> r.hostedZoneId(settings.hostedZoneId())
                            .startRecordName(name).startRecordType(type(vm)).maxItems("1"))
                    .resourceRecordSets().stream()
                    .filter(r -> r.name().equalsIgnoreCase(name) && r.type() == type(vm)).findFirst();
        } catch (SdkException e) {
            throw refused("read the " + type(vm) + " record of " + vm.fqdn(), e);
        }
    }

    /** One change batch, then its status until {@code INSYNC}. */
    private void send(List<Change> changes) {
        String what = changes.stream().map(c -> c.actionAsString() + " " + c.resourceRecordSet().type() + " "
                + c.resourceRecordSet().name() + values(c.resourceRecordSet())).collect(Collectors.joining(", "));
        ChangeInfo info;
        try {
            info = route53.changeResourceRecordSets(r -> r.hostedZoneId(settings.hostedZoneId())
                    .changeBatch(b -> b.comment("vmpooler").changes(changes))).changeInfo();
        } catch (SdkException e) {
            throw refused("apply " + what, e);
        }
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        while (info.status() != ChangeStatus.INSYNC) {
            if (System.nanoTime() - deadline > 0) {
                throw new DnsException(settings.describe() + ": change " + info.id() + " (" + what + ") was still "
                        + info.statusAsString() + " after " + settings.deadline().toSeconds() + "s (deadline)");
            }
            pause(settings.pollInterval(), info.id());
            String id = info.id();
            try {
                info = route53.getChange(r -> r.id(id)).changeInfo();
            } catch (SdkException e) {
                throw refused("read the status of change " + id + " (" + what + ")", e);
            }
        }
        LOG.debug("{}: {} applied ({})", settings.describe(), what, info.id());
    }

    private static String values(ResourceRecordSet record) {
        return " -> " + record.resourceRecords().stream().map(ResourceRecord::value).toList();
    }

    private void pause(Duration interval, String change) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsException(settings.describe() + ": interrupted waiting for change " + change);
        }
    }

    private DnsException refused(String doing, SdkException e) {
        String reason = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new DnsException(settings.describe() + ": Route 53" + settings.endpoint().map(u -> " at " + u)
                .orElse("") + " failed to " + doing + ": " + reason, e);
    }
}
