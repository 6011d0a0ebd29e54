package org.vmpooler.plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where third-party plugin jars are looked for: the entries of {@code VMPOOLER_PLUGIN_PATH} (folders or jar files,
 * separated like {@code PATH}), or the folder {@code plugins} in the working directory when it is unset. Set but
 * empty, it turns plugin loading off. Relative entries are resolved against the working directory.
 */
public record PluginPath(List<Path> entries, boolean configured) {
    public static final String VARIABLE = "VMPOOLER_PLUGIN_PATH";
    public static final String DEFAULT_FOLDER = "plugins";

    public PluginPath {
        entries = List.copyOf(entries);
    }

    public static PluginPath fromEnvironment() {
        return from(System.getenv(), Path.of(""));
    }

    public static PluginPath from(Map<String, String> env, Path workingDirectory) {
        String value = env.get(VARIABLE);
        if (value == null) {
            return new PluginPath(List.of(absolute(workingDirectory.resolve(DEFAULT_FOLDER))), false);
        }
        return new PluginPath(Arrays.stream(value.split(File.pathSeparator)).map(String::strip)
                .filter(entry -> !entry.isEmpty()).map(entry -> absolute(workingDirectory.resolve(entry)))
                .distinct().toList(), true);
    }

    /** The jars to load: entries that are jar files, then the jars directly inside entries that are folders. */
    public List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.list(entry)) {
                    files.filter(PluginPath::isJar).sorted().forEach(jars::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list the plugins folder " + entry, e);
                }
            } else if (isJar(entry)) {
                jars.add(entry);
            }
        }
        return jars;
    }

    /** Entries that are neither a folder nor a jar file: worth a warning when an operator named them. */
    public List<Path> missing() {
        return entries.stream().filter(entry -> !Files.isDirectory(entry) && !isJar(entry)).toList();
    }

    /** For messages: the folders and jars searched, and where that list came from. */
    public String describe() {
        if (entries.isEmpty()) {
            return "no plugins folder (" + VARIABLE + " is set but empty)";
        }
        String where = (entries.size() == 1 ? "the plugins folder " : "the plugins folders ")
                + String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
        return where + (configured ? " (" + VARIABLE + ")" : " (the default; set " + VARIABLE + " to change it)");
    }

    private static boolean isJar(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".jar");
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
