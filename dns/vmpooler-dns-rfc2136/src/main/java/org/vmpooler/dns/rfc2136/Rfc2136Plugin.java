package org.vmpooler.dns.rfc2136;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.dns.DnsException;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Keeps VM records with RFC 2136 dynamic updates. Create replaces the name's address records in one message, and
 * the PTR of its address in a second one to the reverse zone (an update message changes one zone only). Delete
 * carries a prerequisite that the record still holds the VM's address, so a name someone else has pointed
 * elsewhere since is left alone; an unmet prerequisite is success, like a record that is already gone.
 */
final class Rfc2136Plugin implements DnsPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(Rfc2136Plugin.class);

    private final Rfc2136Settings settings;
    private final UpdateSender sender;

    Rfc2136Plugin(Rfc2136Settings settings) {
        this.settings = settings;
        this.sender = new UpdateSender(settings);
    }

    @Override
    public String name() {
        return settings.config();
    }

    @Override
    public void createOrReplaceRecord(VmAddress vm) {
        Name fqdn = fqdn(vm);
        Record address = addressRecord(fqdn, vm, settings.ttl());
        Update forward = new Update(settings.zone());
        forward.delete(fqdn, address.getType());
        forward.add(address);
        expectApplied(sender.send(forward, settings.zone(), "replace " + Type.string(address.getType()) + " of "
                + fqdn + " with " + vm.ip()), settings.zone(), fqdn);
        reverseName(vm).ifPresent(ptr -> {
            Update reverse = new Update(settings.reverseZone().orElseThrow());
            reverse.delete(ptr, Type.PTR);
            reverse.add(new PTRRecord(ptr, DClass.IN, settings.ttl(), fqdn));
            expectApplied(sender.send(reverse, settings.reverseZone().get(), "replace PTR of " + ptr + " with "
                    + fqdn), settings.reverseZone().get(), ptr);
        });
    }

    @Override
    public void deleteRecord(VmAddress vm) {
        Name fqdn = fqdn(vm);
        deleteOwned(addressRecord(fqdn, vm, 0), settings.zone());
        reverseName(vm).ifPresent(ptr -> deleteOwned(new PTRRecord(ptr, DClass.IN, 0, fqdn),
                settings.reverseZone().orElseThrow()));
    }

    /** Deletes exactly {@code record}, and only while its name and type hold nothing but it. */
    private void deleteOwned(Record record, Name zone) {
        Update update = new Update(zone);
        update.present(record);
        update.delete(record);
        int rcode = sender.send(update, zone, "delete " + record.getName() + " " + Type.string(record.getType())
                + " " + record.rdataToString() + " if it is still the only one");
        if (rcode == Rcode.NXRRSET || rcode == Rcode.NXDOMAIN) {
            LOG.debug("{} {} no longer holds only {}; left alone", record.getName(), Type.string(record.getType()),
                    record.rdataToString());
            return;
        }
        expectApplied(rcode, zone, record.getName());
    }

    private Name fqdn(VmAddress vm) {
        Name name;
        try {
            name = Name.fromString(vm.fqdn(), Name.root);
        } catch (TextParseException e) {
            throw new DnsException("'" + vm.fqdn() + "' is not a DNS name", e);
        }
        if (!name.subdomain(settings.zone())) {
            throw new DnsException(name + " is not in zone " + settings.zone() + " of DNS config " + name());
        }
        return name;
    }

    private static Record addressRecord(Name fqdn, VmAddress vm, long ttl) {
        return vm.ipv6() ? new AAAARecord(fqdn, DClass.IN, ttl, vm.inetAddress())
                : new ARecord(fqdn, DClass.IN, ttl, vm.inetAddress());
    }

    /** The PTR name of the VM's address, when a reverse zone is configured and holds it. */
    private Optional<Name> reverseName(VmAddress vm) {
        if (settings.reverseZone().isEmpty()) {
            return Optional.empty();
        }
        Name ptr = ReverseMap.fromAddress(vm.inetAddress());
        if (!ptr.subdomain(settings.reverseZone().get())) {
            LOG.warn("[!] {}: the address {} of {} is not in reverse zone {}; no PTR record for it", name(), vm.ip(),
                    vm.fqdn(), settings.reverseZone().get());
            return Optional.empty();
        }
        return Optional.of(ptr);
    }

    private static void expectApplied(int rcode, Name zone, Name name) {
        if (rcode != Rcode.NOERROR) {
            throw new DnsException("the update of " + name + " in zone " + zone + " was not applied: "
                    + Rcode.string(rcode));
        }
    }
}
