package org.vmpooler.provider.vsphere;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.vsphere.soap.MoRef;
import org.vmpooler.provider.vsphere.soap.ObjectContent;
import org.vmpooler.provider.vsphere.soap.PropertyReader;
import org.vmpooler.provider.vsphere.soap.VimSession;
import org.vmpooler.provider.vsphere.soap.Xml;
import org.vmpooler.provider.vsphere.soap.XmlBody;
import org.w3c.dom.Element;

/**
 * govmomi's vCenter simulator for the tests (built by {@code bin/ensure-vcsim} from {@code src/test/go/vcsim}) on a
 * free 127.0.0.1 port: datacenter {@code DC0}, cluster {@code DC0_C0}, templates {@code templates/debian-12-x86_64},
 * {@code templates/ubuntu-2404-x86_64} and {@code templates/centos}. Start once per test class; its inventory
 * lives in memory, so {@link #restart()} gives an empty one (like a vCenter whose VMs are gone) on the same port.
 */
public final class Vcsim implements AutoCloseable {
    public static final String DATACENTER = "DC0";
    public static final String CLUSTER = "DC0_C0";
    public static final String DEBIAN = "templates/debian-12-x86_64";
    public static final String UBUNTU = "templates/ubuntu-2404-x86_64";

    private final Path binary;
    private final List<String> flags;
    private int port;
    private Process process;
    private Writer commands;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

    private Vcsim(Path binary, List<String> flags) {
        this.binary = binary;
        this.flags = flags;
    }

    /** Starts a simulator; {@code flags} are the Go main's ({@code -machines}, {@code -tools-delay}). */
    public static Vcsim start(String... flags) throws IOException, InterruptedException {
        Vcsim vcsim = new Vcsim(build(), List.of(flags));
        vcsim.launch();
        return vcsim;
    }

    /** {@code server} for a provider instance: the SDK URL (plain HTTP, any user and password). */
    public String server() {
        return "http://127.0.0.1:" + port + "/sdk";
    }

    public int port() {
        return port;
    }

    /** Makes every later call of a vim25 method take {@code delay} longer (0 removes it). */
    public void delay(String method, Duration delay) throws IOException, InterruptedException {
        command("delay " + method + " " + delay.toMillis());
    }

    /** How long VMware Tools take from power-on to reporting the guest's address (100 ms at start). */
    public void toolsDelay(Duration delay) throws IOException, InterruptedException {
        command("tools-delay " + delay.toMillis());
    }

    private void command(String line) throws IOException, InterruptedException {
        commands.write(line + "\n");
        commands.flush();
        String echo = output.poll(10, TimeUnit.SECONDS);
        if (echo == null || !echo.equals(line)) {
            throw new IllegalStateException("vcsim did not confirm '" + line + "': " + echo);
        }
    }

    /** Stops the simulator (its inventory is lost); {@link #restart()} starts an empty one on the same port. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** The names of the VMs in a folder ({@code pools/debian}) of DC0, read straight from the simulator. */
    public List<String> vmsIn(String folder) {
        return inSession(session -> {
            PropertyReader properties = new PropertyReader(session);
            return Xml.child(session.invoke("FindByInventoryPath", session.content().searchIndex(),
                            new XmlBody().text("inventoryPath", DATACENTER + "/vm/" + folder).toString()), "returnval")
                    .map(MoRef::of)
                    .map(ref -> properties.related(ref, "Folder", "childEntity", "VirtualMachine", List.of("name"))
                            .stream().map(vm -> vm.text("name").orElse("")).sorted().toList())
                    .orElse(List.of());
        });
    }

    /** Every VM of the simulator with its folder's name, such as {@code debian/vmpooler-abc}. */
    public List<String> allVms() {
        return inSession(session -> {
            PropertyReader properties = new PropertyReader(session);
            MoRef view = MoRef.of(Xml.child(session.invoke("CreateContainerView", session.content().viewManager(),
                    new XmlBody().ref("container", session.content().rootFolder()).text("type", "VirtualMachine")
                            .text("recursive", true).toString()), "returnval").orElseThrow());
            List<ObjectContent> vms = properties.related(view, "ContainerView", "view", "VirtualMachine",
                    List.of("name", "parent"));
            List<MoRef> folders = vms.stream().map(vm -> vm.ref("parent").orElseThrow()).distinct().toList();
            Map<MoRef, String> folderNames = new HashMap<>();
            properties.of(folders, "Folder", List.of("name"))
                    .forEach(f -> folderNames.put(f.obj(), f.text("name").orElse("")));
            return vms.stream().map(vm -> folderNames.get(vm.ref("parent").orElseThrow()) + "/" + vm.text("name")
                    .orElse("")).sorted().toList();
        });
    }

    /** The name of the host the VM at {@code path} (below DC0/vm) runs on. */
    public String hostOf(String path) {
        return inSession(session -> {
            PropertyReader properties = new PropertyReader(session);
            MoRef host = properties.of(find(session, path), List.of("runtime.host"))
                    .flatMap(v -> v.ref("runtime.host")).orElseThrow();
            return properties.of(host, List.of("name")).flatMap(h -> h.text("name")).orElseThrow();
        });
    }

    /** How many virtual disks the VM at {@code path} has. */
    public long disks(String path) {
        return inSession(session -> new PropertyReader(session).of(find(session, path),
                        List.of("config.hardware.device"))
                .flatMap(v -> v.get("config.hardware.device")).map(devices -> Xml.children(devices).stream()
                        .filter(d -> Xml.type(d).equals("VirtualDisk")).count()).orElse(0L));
    }

    /** The name of the VM's current snapshot (the one last taken or reverted to), if it has one. */
    public Optional<String> currentSnapshot(String path) {
        Optional<ObjectContent> vm = inSession(session -> new PropertyReader(session).of(find(session, path),
                List.of("snapshot")));
        Optional<Element> info = vm.flatMap(v -> v.get("snapshot"));
        Optional<String> current = info.flatMap(i -> Xml.text(i, "currentSnapshot"));
        List<Element> trees = new ArrayList<>(info.map(i -> Xml.children(i, "rootSnapshotList")).orElse(List.of()));
        while (!trees.isEmpty() && current.isPresent()) {
            Element tree = trees.removeFirst();
            if (Xml.text(tree, "snapshot").equals(current)) {
                return Xml.text(tree, "name");
            }
            trees.addAll(Xml.children(tree, "childSnapshotList"));
        }
        return Optional.empty();
    }

    /** How many sessions the simulator holds now, not counting the one that asks. */
    public int sessions() {
        return inSession(session -> new PropertyReader(session).of(session.content().sessionManager(),
                        List.of("sessionList"))
                .flatMap(manager -> manager.get("sessionList")).map(list -> Xml.children(list).size() - 1)
                .orElse(0));
    }

    private static MoRef find(VimSession session, String path) {
        return Xml.child(session.invoke("FindByInventoryPath", session.content().searchIndex(),
                        new XmlBody().text("inventoryPath", DATACENTER + "/vm/" + path).toString()), "returnval")
                .map(MoRef::of).orElseThrow(() -> new IllegalStateException("no " + path + " in vcsim"));
    }

    /** Runs {@code work} in a session of its own, ended afterwards so that it does not count in {@link #sessions}. */
    private <T> T inSession(Function<VimSession, T> work) {
        VimSession session = session();
        try {
            return work.apply(session);
        } finally {
            session.logout();
        }
    }

    private VimSession session() {
        return new VimSession(URI.create(server()), false, Duration.ofSeconds(10), "test", "test",
                new ProviderConnectionPool("test", "vcsim", 1, Duration.ofSeconds(10), Metrics.none()), Metrics.none(),
                "vcsim");
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-port", Integer.toString(port)));
        command.addAll(flags);
        // Its errors (a Go panic's trace among them) go to a file beside the tests' other output.
        Path log = Files.createTempFile("vcsim-", ".log");
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        output.clear();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                // The simulator stopped.
            }
        });
        String url = output.poll(60, TimeUnit.SECONDS);
        if (url == null || !url.startsWith("http://")) {
            process.destroyForcibly();
            throw new IllegalStateException("vcsim did not start: " + url + "; see " + log);
        }
        port = URI.create(url).getPort();
    }

    /** Runs {@code bin/ensure-vcsim} from the repository root, which builds the simulator once and prints its path. */
    private static Path build() throws IOException, InterruptedException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("bin/ensure-vcsim"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("bin/ensure-vcsim not found above " + Path.of("").toAbsolutePath());
        }
        Process ensure = new ProcessBuilder(dir.resolve("bin/ensure-vcsim").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (ensure.waitFor() != 0 || path.isEmpty()) {
            throw new IllegalStateException("bin/ensure-vcsim failed");
        }
        return Path.of(path);
    }
}
