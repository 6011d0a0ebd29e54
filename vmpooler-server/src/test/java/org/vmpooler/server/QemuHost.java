package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The machine's libvirtd ({@code qemu:///system}, started by {@code bin/ensure-libvirt}) set up for one test class:
 * a transient isolated network with DHCP on a bridge of its own (no forwarding: guests reach nothing but this
 * host), a transient storage pool in a folder of its own holding a small qcow2 template, and the test guest's
 * kernel and initramfs. {@link #close} removes all of it, the domains vmpooler left included.
 */
final class QemuHost implements AutoCloseable {
    static final String URI = "qemu:///system";

    final String name;
    final Path poolDir;
    final Path bootDir;
    final String subnet;

    private QemuHost(String name, Path poolDir, Path bootDir, String subnet) {
        this.name = name;
        this.poolDir = poolDir;
        this.bootDir = bootDir;
        this.subnet = subnet;
    }

    /** Everything under {@code dir}, which must be a fresh folder; the guest comes from {@code bin/ensure-libvirt}. */
    static QemuHost start(Path dir) throws Exception {
        Path guest = Path.of(run("../bin/ensure-libvirt").strip());
        String name = "vmpit" + ThreadLocalRandom.current().nextInt(1000, 9999);
        int octet = freeSubnet();
        Path poolDir = open(Files.createDirectories(dir.resolve("pool")));
        Path bootDir = open(Files.createDirectories(dir.resolve("boot")));
        open(dir);
        for (String file : List.of("vmlinuz", "initrd.img")) {
            Files.copy(guest.resolve(file), bootDir.resolve(file));
            Files.setPosixFilePermissions(bootDir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        QemuHost host = new QemuHost(name, poolDir, bootDir, "10.213." + octet);
        Path net = dir.resolve("net.xml");
        Files.writeString(net, "<network><name>" + name + "</name><bridge name='" + name + "' stp='off'/>"
                + "<ip address='" + host.subnet + ".1' netmask='255.255.255.0'><dhcp><range start='" + host.subnet
                + ".10' end='" + host.subnet + ".250'/></dhcp></ip></network>");
        virsh("net-create", net.toString());
        Path pool = dir.resolve("pool.xml");
        Files.writeString(pool, "<pool type='dir'><name>" + name + "</name><target><path>" + poolDir
                + "</path></target></pool>");
        virsh("pool-create", pool.toString());
        Path vol = dir.resolve("vol.xml");
        Files.writeString(vol, "<volume><name>template.qcow2</name><capacity unit='MiB'>64</capacity><target>"
                + "<format type='qcow2'/></target></volume>");
        virsh("vol-create", name, vol.toString());
        return host;
    }

    /** A domain XML template booting the test guest's kernel, its hostname the clone's name. */
    String domainTemplate() {
        return """
                <domain type='{{domain_type}}'>
                  <name>{{name}}</name>
                  <memory unit='MiB'>{{memory}}</memory>
                  <vcpu>{{vcpus}}</vcpu>
                  <metadata>{{metadata}}</metadata>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%1$s/vmlinuz</kernel>
                    <initrd>%1$s/initrd.img</initrd>
                    <cmdline>console=ttyS0 quiet vmpooler.hostname={{name}}</cmdline>
                  </os>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='{{disk}}'/>
                      <target dev='{{disk_dev}}' bus='{{disk_bus}}'/>
                    </disk>
                    <interface type='network'>
                      <source network='{{network}}'/>
                      <model type='virtio'/>
                    </interface>
                    <serial type='pty'/>
                    <console type='pty'/>
                  </devices>
                </domain>
                """.formatted(bootDir);
    }

    /** The domains defined now whose names start with {@code prefix}. */
    List<String> domains(String prefix) throws Exception {
        return lines(virsh("list", "--all", "--name")).stream().filter(d -> d.startsWith(prefix)).sorted().toList();
    }

    /** The volumes of the storage pool now. */
    List<String> volumes() throws Exception {
        virsh("pool-refresh", name);
        return lines(virsh("vol-list", name)).stream().skip(2).map(l -> l.strip().split("\\s+")[0]).sorted().toList();
    }

    List<String> snapshots(String domain) throws Exception {
        return lines(virsh("snapshot-list", domain, "--name"));
    }

    /**
     * Kills virtlogd with SIGKILL, as the end of a session does: its socket stays behind, nothing answers on it, and
     * libvirtd fails every domain start with "Connection refused".
     */
    static void killVirtlogd() throws Exception {
        run("pkill", "-KILL", "-x", "virtlogd");
    }

    /** Kills libvirtd with SIGKILL: its clients' connections die with it; the guests (QEMU processes) run on. */
    static void killLibvirtd() throws Exception {
        run("pkill", "-KILL", "-x", "libvirtd");
    }

    /** Starts whatever daemon {@code bin/ensure-libvirt} finds dead, virtlogd included. */
    static void reviveDaemons() throws Exception {
        run("../bin/ensure-libvirt");
    }

    /** How many clients libvirtd has now, over all its transports. */
    static long libvirtdClients() throws Exception {
        return lines(run("virt-admin", "srv-clients-list", "libvirtd")).stream().filter(l -> l.matches("\\d+\\s.*"))
                .count();
    }

    /** Removes what this class made and every domain named with {@code prefix}. */
    void close(String prefix) throws Exception {
        for (String domain : domains(prefix)) {
            virshQuietly("destroy", domain);
            virshQuietly("undefine", domain, "--snapshots-metadata");
        }
        close();
    }

    @Override
    public void close() throws Exception {
        virshQuietly("pool-destroy", name);
        virshQuietly("net-destroy", name);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** A /24 in 10.213.0.0/16 that no route of this machine uses. */
    private static int freeSubnet() throws Exception {
        String routes = run("ip", "-4", "route");
        for (int tries = 0; tries < 100; tries++) {
            int octet = ThreadLocalRandom.current().nextInt(1, 250);
            if (!routes.contains("10.213." + octet + ".")) {
                return octet;
            }
        }
        throw new IllegalStateException("no free 10.213.x.0/24 here: " + routes);
    }

    /** QEMU runs as libvirt-qemu: the folders it reads must be open to it. */
    private static Path open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    static String virsh(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "virsh";
        command[1] = "-c";
        command[2] = URI;
        System.arraycopy(args, 0, command, 3, args.length);
        return run(command);
    }

    private static void virshQuietly(String... args) {
        try {
            virsh(args);
        } catch (Exception e) {
            // Already gone: nothing to clean up.
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
