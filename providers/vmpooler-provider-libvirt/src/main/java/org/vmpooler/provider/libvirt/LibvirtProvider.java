package org.vmpooler.provider.libvirt;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.DomainSnapshot;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.UserTagging;

/**
 * Pools of libvirt domains (KVM/QEMU, or anything else libvirt drives) on one or more hosts.
 *
 * <p>A clone is a persistent domain whose disk is a qcow2 overlay backed by the pool's template volume (a full
 * copy with {@code full_clone}), carrying the SPI's labels in its metadata ({@link DomainLabels}). Creation
 * defines the domain first, then makes its volume, then starts it: whatever point a dead creator reached, what is
 * left is a labelled domain the engine lists and destroys. Destruction runs the other way round — stop, delete
 * the domain's volumes, undefine — for the same reason.
 */
public final class LibvirtProvider implements Provider, Disks, Snapshots, UserTagging, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtProvider.class);

    private static final Duration IP_POLL = Duration.ofMillis(250);

    private final String name;
    private final LibvirtSettings settings;
    private final List<LibvirtHost> hosts;
    private final Placement placement;
    private final Map<String, String> templatesByPool = new LinkedHashMap<>();

    LibvirtProvider(ProviderContext context, LibvirtSettings settings) {
        this.name = context.provider().name();
        this.settings = settings;
        this.hosts = settings.uris().stream()
                .map(uri -> new LibvirtHost(name, uri, settings.threadsPerHost(), settings.callTimeout(),
                        context.metrics())).toList();
        this.placement = new Placement(settings.memoryOvercommit(), settings.maxDomainsPerHost());
        for (PoolConfig pool : context.config().pools()) {
            templatesByPool.put(pool.name(), pool.template());
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The test driver's domains run nowhere, so nothing could answer a TCP check; real hosts' guests can. */
    @Override
    public ReadyCheck defaultReadyCheck() {
        return hosts.stream().allMatch(h -> h.uri().startsWith("test:")) ? ReadyCheck.NONE : ReadyCheck.TCP_22;
    }

    // ---- listing and lookup -------------------------------------------------------------------------------------

    @Override
    public List<String> vmsInPool(String pool) {
        List<String> vms = new ArrayList<>();
        for (LibvirtHost host : hosts) {
            vms.addAll(host.run("listing the domains of pool " + pool, connection -> {
                List<String> found = new ArrayList<>();
                for (Domain domain : connection.listAllDomains(0)) {
                    labels(domain).flatMap(l -> l.get(VmLabels.POOL)).filter(pool::equals)
                            .ifPresent(p -> found.add(nameOf(domain)));
                }
                return found;
            }));
        }
        return vms;
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return onOwner(pool, vm, "looking up", (host, domain) -> {
            boolean active = domain.isActive() == 1;
            Map<String, String> extras = Map.of("host", host.uri());
            return new VmInfo(vm, Optional.empty(), templatesByPool.getOrDefault(pool, ""), pool, Optional.empty(),
                    active ? "PoweredOn" : "PoweredOff", active ? address(domain) : Optional.empty(), extras,
                    labels(domain).orElse(VmLabels.NONE));
        });
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return onOwner(pool, vm, "reading the address of", (host, domain) ->
                domain.isActive() == 1 ? address(domain) : Optional.<String>empty()).flatMap(ip -> ip);
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        return onOwner(pool, vm, "checking", (host, domain) -> {
            DomainState state = domain.getInfo().state;
            return state == DomainState.VIR_DOMAIN_RUNNING ? Readiness.isReady()
                    : Readiness.notReady("domain " + vm + " on " + host.uri() + " is " + describe(state));
        }).orElseGet(() -> Readiness.notReady("domain " + vm + " is on none of the hosts"));
    }

    // ---- creation ----------------------------------------------------------------------------------------------

    @Override
    public VmInfo createVm(CreateRequest request) {
        PoolShape shape = PoolShape.of(request, settings);
        List<LibvirtHost> candidates = hostsWithTemplate(shape);
        try (Placement.Claim claim = placement.place(candidates, shape.memoryMib(), request.vm())) {
            LibvirtHost host = claim.host();
            host.run("creating " + request.vm(), connection -> {
                new Clone(connection, request, shape).create();
                return null;
            });
            LOG.info("Provider {} created domain {} on {} ({})", name, request.vm(), host.uri(),
                    shape.fullClone() ? "full copy of " + shape.templateVolume() : "overlay on " + shape.templateVolume());
        }
        awaitAddress(request.pool(), request.vm());
        return getVm(request.pool(), request.vm()).orElseThrow(() -> new ProviderException(
                "provider " + name + ": domain " + request.vm() + " vanished right after it was created"));
    }

    /** The hosts whose storage pool holds the template; none is the pool's fault unless a host could not answer. */
    private List<LibvirtHost> hostsWithTemplate(PoolShape shape) {
        List<LibvirtHost> found = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (LibvirtHost host : hosts) {
            try {
                if (host.run("looking up template " + shape.templateVolume(),
                        connection -> Clone.template(connection, shape).isPresent())) {
                    found.add(host);
                }
            } catch (ProviderException e) {
                unreachable.add(e.getMessage());
            }
        }
        if (found.isEmpty() && unreachable.isEmpty()) {
            throw ProviderException.permanent("provider " + name + ": template volume " + shape.templateVolume()
                    + " is in storage pool " + shape.storagePool() + " on none of the hosts " + settings.uris());
        }
        if (found.isEmpty()) {
            throw new ProviderException("provider " + name + ": no host with template " + shape.templateVolume()
                    + " answered: " + String.join("; ", unreachable));
        }
        return found;
    }

    /**
     * The engine records the address right after creation: wait for the guest's DHCP lease (or its agent), up to
     * {@code address_timeout}; the engine's clone deadline may give up sooner.
     */
    private void awaitAddress(String pool, String vm) {
        long giveUp = System.nanoTime() + settings.addressTimeout().toNanos();
        while (vmIpAddress(pool, vm).isEmpty()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new ProviderException("provider " + name + ": " + vm + " got no IP address within "
                        + settings.addressTimeout().toSeconds() + "s (address_timeout): no DHCP lease on its "
                        + "network and no guest agent answer");
            }
            try {
                Thread.sleep(IP_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("provider " + name + ": gave up waiting for an address of " + vm);
            }
        }
    }

    // ---- destruction -------------------------------------------------------------------------------------------

    @Override
    public boolean destroyVm(String pool, String vm) {
        for (LibvirtHost host : hosts) {
            Boolean destroyed = host.run("destroying " + vm, connection -> {
                Domain domain = lookup(connection, vm);
                if (domain == null) {
                    return null;
                }
                requireOwned(domain, pool, vm, host);
                destroy(connection, domain, vm);
                return true;
            });
            if (destroyed != null) {
                LOG.info("Provider {} destroyed domain {} on {}", name, vm, host.uri());
                return true;
            }
        }
        return true;
    }

    /** Stop, delete the domain's own volumes, undefine: a crash midway leaves a domain to destroy again. */
    static void destroy(Connect connection, Domain domain, String vm) throws LibvirtException {
        Set<String> disks = new LinkedHashSet<>(diskPaths(domain.getXMLDesc(0)));
        disks.addAll(diskPaths(domain.getXMLDesc(Flags.XML_INACTIVE)));
        if (domain.isActive() == 1) {
            try {
                domain.destroy();
            } catch (LibvirtException e) {
                if (!is(e, Error.ErrorNumber.VIR_ERR_OPERATION_INVALID)) {
                    throw e;
                }
            }
        }
        for (String path : disks) {
            Volumes.deleteOwned(connection, path, vm);
        }
        try {
            boolean uefi = !Xml.parse(domain.getXMLDesc(Flags.XML_INACTIVE)).all("/domain/os/nvram").isEmpty();
            domain.undefine(Flags.UNDEFINE_WITH_METADATA | (uefi ? Flags.UNDEFINE_NVRAM : 0));
        } catch (LibvirtException e) {
            if (!is(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                throw e;
            }
        }
    }

    // ---- capabilities ------------------------------------------------------------------------------------------

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        if (sizeGb < 1) {
            throw ProviderException.permanent("a disk of " + sizeGb + " GB cannot be made; at least 1");
        }
        return onOwner(pool, vm, "adding a disk to", (host, domain) -> {
            new AddedDisk(domain, vm, sizeGb).attach();
            return true;
        }).orElseThrow(() -> missing(vm));
    }

    /**
     * Internal qcow2 snapshots: libvirt 9 can revert to them (disks and, for a running domain, memory), while it
     * reverts to external ones only from 9.9 on; and a clone's disks are qcow2 volumes anyway.
     */
    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        return onOwner(pool, vm, "taking snapshot " + snapshotName + " of", (host, domain) -> {
            domain.snapshotCreateXML("<domainsnapshot><name>" + DomainTemplate.escape(snapshotName)
                    + "</name><description>taken by vmpooler</description></domainsnapshot>", 0);
            return true;
        }).orElseThrow(() -> missing(vm));
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        return onOwner(pool, vm, "reverting to snapshot " + snapshotName + " of", (host, domain) -> {
            DomainSnapshot snapshot;
            try {
                snapshot = domain.snapshotLookupByName(snapshotName);
            } catch (LibvirtException e) {
                if (is(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT)) {
                    return false;
                }
                throw e;
            }
            domain.revertToSnapshot(snapshot);
            return true;
        }).orElseThrow(() -> missing(vm));
    }

    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        return onOwner(pool, vm, "tagging", (host, domain) -> {
            Map<String, String> values = new LinkedHashMap<>(labels(domain).orElse(VmLabels.NONE).values());
            if (user == null || user.isBlank()) {
                values.remove(VmLabels.USER);
            } else {
                values.put(VmLabels.USER, user);
            }
            int flags = Flags.AFFECT_CONFIG | (domain.isActive() == 1 ? Flags.AFFECT_LIVE : 0);
            domain.setMetadata(Flags.METADATA_ELEMENT, DomainLabels.forSetMetadata(new VmLabels(values)),
                    DomainLabels.PREFIX, DomainLabels.NAMESPACE, flags);
            return true;
        }).orElseThrow(() -> missing(vm));
    }

    @Override
    public void close() {
        hosts.forEach(LibvirtHost::close);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Work on a domain of the pool, on whichever host has it. */
    @FunctionalInterface
    private interface OnDomain<T> {
        T on(LibvirtHost host, Domain domain) throws LibvirtException;
    }

    private <T> Optional<T> onOwner(String pool, String vm, String what, OnDomain<T> work) {
        for (LibvirtHost host : hosts) {
            Optional<T> result = host.run(what + " " + vm, connection -> {
                Domain domain = lookup(connection, vm);
                if (domain == null || !labels(domain).flatMap(l -> l.get(VmLabels.POOL)).equals(Optional.of(pool))) {
                    return null;
                }
                return Optional.ofNullable(work.on(host, domain));
            });
            if (result != null) {
                return result;
            }
        }
        return Optional.empty();
    }

    private ProviderException missing(String vm) {
        return new ProviderException("provider " + name + ": domain " + vm + " is on none of the hosts");
    }

    private void requireOwned(Domain domain, String pool, String vm, LibvirtHost host) throws LibvirtException {
        Optional<String> owner = labels(domain).flatMap(l -> l.get(VmLabels.POOL));
        if (!owner.equals(Optional.of(pool))) {
            throw ProviderException.permanent("provider " + name + ": domain " + vm + " on " + host.uri()
                    + " is not a VM of pool " + pool + " (its pool label: " + owner.orElse("none") + "); left alone");
        }
    }

    static Domain lookup(Connect connection, String vm) throws LibvirtException {
        try {
            return connection.domainLookupByName(vm);
        } catch (LibvirtException e) {
            if (is(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return null;
            }
            throw e;
        }
    }

    /** The domain's vmpooler labels; empty for a domain vmpooler did not make (or one undefined meanwhile). */
    static Optional<VmLabels> labels(Domain domain) throws LibvirtException {
        try {
            return Optional.of(DomainLabels.parse(domain.getMetadata(Flags.METADATA_ELEMENT,
                    DomainLabels.NAMESPACE, 0)));
        } catch (LibvirtException e) {
            if (is(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN_METADATA) || is(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String nameOf(Domain domain) {
        try {
            return domain.getName();
        } catch (LibvirtException e) {
            throw new ProviderException("cannot read a domain's name: " + e.getMessage(), false, e);
        }
    }

    /** The first IPv4 address of the domain: its network's DHCP lease, else what its guest agent reports. */
    private static Optional<String> address(Domain domain) throws LibvirtException {
        Optional<String> leased = firstIpv4(domain, Flags.ADDRESSES_FROM_LEASES);
        if (leased.isPresent()) {
            return leased;
        }
        try {
            return firstIpv4(domain, Flags.ADDRESSES_FROM_AGENT);
        } catch (LibvirtException noAgent) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstIpv4(Domain domain, int source) throws LibvirtException {
        return domain.interfaceAddresses(source, 0).stream().flatMap(i -> i.addrs.stream())
                .map(a -> a.address).filter(a -> a instanceof Inet4Address)
                .map(InetAddress::getHostAddress).findFirst();
    }

    static List<String> diskPaths(String domainXml) {
        return Xml.parse(domainXml).all("/domain/devices/disk[@device='disk']/source/@file");
    }

    static boolean is(LibvirtException e, Error.ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    private static String describe(DomainState state) {
        return state.name().replace("VIR_DOMAIN_", "").toLowerCase(Locale.ROOT).replace("shutoff", "shut off");
    }
}
