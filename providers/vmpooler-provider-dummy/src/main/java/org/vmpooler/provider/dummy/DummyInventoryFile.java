package org.vmpooler.provider.dummy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The dummy's backing file ({@code filename}): YAML laid out as the reference's, {@code pool → <pool> → [VM]},
 * with the reference's VM keys. Every save writes a temporary file next to it and renames it over the old one,
 * so a killed process leaves either the previous or the new inventory, never a torn file.
 */
final class DummyInventoryFile {
    /** SnakeYAML's default (3 MB) would cap the inventory at roughly ten thousand VMs. */
    private static final int MAX_FILE_CHARS = 256 * 1024 * 1024;
    private final Path path;

    DummyInventoryFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** The stored inventory (pool → VM name → VM); empty when the file does not exist yet. */
    Map<String, Map<String, DummyVm>> load(Instant now) {
        if (!Files.exists(path)) {
            return Map.of();
        }
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_FILE_CHARS);
            document = new Yaml(new SafeConstructor(options)).load(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dummy provider's inventory " + path, e);
        } catch (YAMLException e) {
            throw new IllegalStateException("the dummy provider's inventory " + path + " is not valid YAML: "
                    + e.getMessage(), e);
        }
        Map<String, Map<String, DummyVm>> inventory = new LinkedHashMap<>();
        if (document == null) {
            return inventory;
        }
        for (Map.Entry<?, ?> pool : map(map(document, "the document").get("pool"), "pool").entrySet()) {
            String poolName = String.valueOf(pool.getKey());
            Map<String, DummyVm> vms = new LinkedHashMap<>();
            for (Object entry : list(pool.getValue(), "pool > " + poolName)) {
                DummyVm vm = vmFrom(map(entry, "a VM of pool " + poolName), poolName, now);
                vms.put(vm.name(), vm);
            }
            inventory.put(poolName, vms);
        }
        return inventory;
    }

    /**
     * What identifies the file's current content without reading it: every save renames a new file over the old
     * one, so its file key (device and inode) changes with each save, by this process or another.
     */
    Optional<Object> stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(),
                    attributes.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dummy provider's inventory " + path, e);
        }
    }

    /**
     * Runs a read-modify-save holding an advisory lock on a file beside the inventory, so that the processes that
     * share one inventory (several managers on one dummy "platform") take turns.
     */
    <T> T exclusively(Supplier<T> change) {
        Path lockFile = path.resolveSibling("." + path.getFileName() + ".lock");
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return change.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the dummy provider's inventory " + path, e);
        }
    }

    void save(Map<String, Map<String, DummyVm>> inventory) {
        Map<String, Object> pools = new LinkedHashMap<>();
        inventory.forEach((pool, vms) -> pools.put(pool, vms.values().stream().map(DummyInventoryFile::fieldsOf)
                .toList()));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String text = new Yaml(new Representer(options), options).dump(Map.of("pool", pools));
        Path directory = path.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + path.getFileName() + ".", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            moveOver(temporary);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write the dummy provider's inventory " + path, e);
        }
    }

    private void moveOver(Path temporary) throws IOException {
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write already failed; that error is the one worth reporting
            }
        }
    }

    private static Map<String, Object> fieldsOf(DummyVm vm) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", vm.name());
        fields.put("hostname", vm.hostname());
        fields.put("domain", vm.domain());
        fields.put("vm_template", vm.template());
        fields.put("template", vm.pool());
        fields.put("poolname", vm.pool());
        fields.put("ip", vm.ip());
        fields.put("ready", vm.ready());
        fields.put("boottime", vm.bootTime().toString());
        fields.put("powerstate", vm.powerState());
        fields.put("vm_host", vm.host());
        fields.put("dummy_state", vm.phase().name());
        // fresh lists: SnakeYAML writes a list seen twice as an alias, which its loader then limits
        fields.put("snapshots", new ArrayList<>(vm.snapshots()));
        fields.put("disks", new ArrayList<>(vm.disks()));
        vm.user().ifPresent(user -> fields.put("user", user));
        fields.put("labels", new LinkedHashMap<>(vm.labels()));
        return fields;
    }

    private DummyVm vmFrom(Map<?, ?> fields, String pool, Instant now) {
        String name = text(fields, "name").orElseThrow(() -> new IllegalStateException(
                "the dummy provider's inventory " + path + " has a VM without a name in pool " + pool));
        return new DummyVm(name, pool,
                text(fields, "vm_template").orElse(pool),
                text(fields, "hostname").orElse(name),
                text(fields, "domain").orElse(DummyVm.DOMAIN),
                text(fields, "ip").orElse(DummyVm.ipFor(name)),
                Boolean.parseBoolean(text(fields, "ready").orElse("false")),
                text(fields, "boottime").flatMap(DummyInventoryFile::instant).orElse(now),
                text(fields, "powerstate").orElse(DummyVm.POWERED_ON),
                text(fields, "vm_host").orElse("HOST1"),
                phase(text(fields, "dummy_state").orElse("RUNNING")),
                strings(fields.get("snapshots")),
                strings(fields.get("disks")),
                text(fields, "user"),
                labels(fields.get("labels")));
    }

    private static Optional<String> text(Map<?, ?> fields, String key) {
        return Optional.ofNullable(fields.get(key)).map(String::valueOf);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private DummyVm.Phase phase(String text) {
        try {
            return DummyVm.Phase.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the dummy provider's inventory " + path + " has an unknown dummy_state '"
                    + text + "' (expected one of UNKNOWN, CLONING, RUNNING)", e);
        }
    }

    /** A VM written before labels existed has none, so the engine never mistakes it for one of its own leaks. */
    private static Map<String, String> labels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        return labels;
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    private Map<?, ?> map(Object value, String what) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalStateException("the dummy provider's inventory " + path + ": " + what + " is not a map");
    }

    private List<?> list(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalStateException("the dummy provider's inventory " + path + ": " + what + " is not a list");
    }
}
