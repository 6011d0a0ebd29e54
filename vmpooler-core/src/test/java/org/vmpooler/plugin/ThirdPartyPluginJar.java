package org.vmpooler.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.provider.ProviderFactory;

/**
 * Builds a plugin jar the way a third party would, outside vmpooler's build: compiles the one source file kept in
 * the test resources ({@code third-party-plugin/}) against nothing but the built vmpooler-core classes, and jars it
 * with its {@code META-INF/services} entries. It offers {@code provider_class: thirdparty} (with snapshots) and
 * {@code dns_class: thirdparty-dns}.
 */
public final class ThirdPartyPluginJar {
    public static final String PROVIDER_CLASS = "thirdparty";
    public static final String DNS_CLASS = "thirdparty-dns";
    public static final String FACTORY = "com.example.vmpooler.ThirdPartyProviderFactory";
    private static final String SOURCE = "third-party-plugin/ThirdPartyProviderFactory.java";
    private static final Map<Class<?>, String> SERVICES = Map.of(
            ProviderFactory.class, FACTORY,
            DnsPluginFactory.class, FACTORY + "$Dns");

    private ThirdPartyPluginJar() {
    }

    /** Compiles the plugin in {@code work} and writes it as {@code folder/thirdparty-plugin.jar}. */
    public static Path build(Path work, Path folder) throws IOException {
        Path sources = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(sources);
        Files.createDirectories(classes);
        Path source = sources.resolve("ThirdPartyProviderFactory.java");
        try (InputStream in = ThirdPartyPluginJar.class.getClassLoader().getResourceAsStream(SOURCE)) {
            Files.copy(in, source);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "21", "-classpath", coreClasses().toString(),
                "-d", classes.toString(), source.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed on " + source + " with status " + status);
        }
        Files.createDirectories(folder);
        Path jar = folder.resolve("thirdparty-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                add(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            for (Map.Entry<Class<?>, String> service : SERVICES.entrySet()) {
                add(out, "META-INF/services/" + service.getKey().getName(),
                        (service.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    /** The vmpooler-core classes folder or jar: the only thing a plugin is compiled against. */
    private static Path coreClasses() {
        try {
            return Path.of(ProviderFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
