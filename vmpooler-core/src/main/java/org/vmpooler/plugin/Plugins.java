package org.vmpooler.plugin;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ConfigException;
import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.provider.ProviderFactory;

/**
 * The provider and DNS classes a process can use: those built into its jar (first-party plugin modules) and those
 * in the plugin jars of a {@link PluginPath}, which are loaded without rebuilding anything. All plugin jars share
 * one class loader whose parent is the service's, so a plugin sees the SPI it was compiled against and brings
 * only its own dependencies; two plugins should therefore shade (relocate) the libraries they bundle.
 */
public final class Plugins {
    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    /** A factory and the jar it came from; empty for the classes built into the service. */
    public record Found<T>(T factory, Optional<Path> jar) {
        public String origin() {
            return jar.map(Path::toString).orElse("built in");
        }
    }

    private final PluginPath path;
    private final List<Path> jars;
    private final List<Found<ProviderFactory>> providers;
    private final List<Found<DnsPluginFactory>> dnsPlugins;

    private Plugins(PluginPath path, List<Path> jars, List<Found<ProviderFactory>> providers,
                    List<Found<DnsPluginFactory>> dnsPlugins) {
        this.path = path;
        this.jars = List.copyOf(jars);
        this.providers = List.copyOf(providers);
        this.dnsPlugins = List.copyOf(dnsPlugins);
    }

    /** Finds the built-in classes and those of the jars on {@code path}; a plugin that cannot load stops here. */
    public static Plugins load(PluginPath path) {
        List<Path> jars = path.jars();
        // Never closed: the classes it loads serve the process until it exits.
        ClassLoader loader = new URLClassLoader("vmpooler-plugins", jars.stream().map(Plugins::url)
                .toArray(URL[]::new), Plugins.class.getClassLoader());
        return new Plugins(path, jars,
                find(ProviderFactory.class, loader, path, ProviderFactory::providerClass),
                find(DnsPluginFactory.class, loader, path, DnsPluginFactory::dnsClass));
    }

    public List<Found<ProviderFactory>> providers() {
        return providers;
    }

    public List<Found<DnsPluginFactory>> dnsPlugins() {
        return dnsPlugins;
    }

    public List<ProviderFactory> providerFactories() {
        return providers.stream().map(Found::factory).toList();
    }

    public List<DnsPluginFactory> dnsFactories() {
        return dnsPlugins.stream().map(Found::factory).toList();
    }

    /** The plugin jars loaded, in load order. */
    public List<Path> jars() {
        return jars;
    }

    public PluginPath path() {
        return path;
    }

    /** Where classes were looked for, for errors about a class that was not found. */
    public String searched() {
        return "the built-in plugins and " + path.describe();
    }

    /** One line per plugin jar with the classes it added, so an operator sees at start what the process runs. */
    public void logLoaded() {
        if (path.configured()) {
            path.missing().forEach(entry -> LOG.warn("Plugin path entry {} is neither a folder nor a jar ({})",
                    entry, PluginPath.VARIABLE));
        }
        if (jars.isEmpty()) {
            LOG.info("No plugin jars in {}", path.describe());
        }
        for (Path jar : jars) {
            List<String> providerClasses = classesOf(jar, providers, ProviderFactory::providerClass);
            List<String> dnsClasses = classesOf(jar, dnsPlugins, DnsPluginFactory::dnsClass);
            if (providerClasses.isEmpty() && dnsClasses.isEmpty()) {
                LOG.warn("Plugin jar {} offers no provider or DNS class (it has no META-INF/services entry for "
                        + "either factory)", jar);
            } else {
                LOG.info("Plugin jar {} loaded: provider classes {}, DNS classes {}", jar, providerClasses,
                        dnsClasses);
            }
        }
    }

    private static <T> List<String> classesOf(Path jar, List<Found<T>> found, Function<T, String> name) {
        return found.stream().filter(f -> f.jar().equals(Optional.of(jar))).map(f -> name.apply(f.factory()))
                .toList();
    }

    private static <T> List<Found<T>> find(Class<T> service, ClassLoader loader, PluginPath path,
                                           Function<T, String> name) {
        try {
            return ServiceLoader.load(service, loader).stream().map(ServiceLoader.Provider::get)
                    .map(factory -> new Found<>(factory, jarOf(factory, loader)))
                    .sorted(Comparator.comparing(found -> name.apply(found.factory()))).toList();
        } catch (ServiceConfigurationError | LinkageError e) {
            // A jar built for another SPI version, or missing a dependency: say so instead of a stack trace.
            throw new ConfigException("a " + service.getSimpleName() + " plugin could not be loaded from "
                    + path.describe() + ": " + e, e);
        }
    }

    private static Optional<Path> jarOf(Object factory, ClassLoader pluginLoader) {
        Class<?> type = factory.getClass();
        if (type.getClassLoader() != pluginLoader) {
            return Optional.empty();
        }
        CodeSource source = Objects.requireNonNull(type.getProtectionDomain().getCodeSource(), "code source");
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("plugin location " + source.getLocation(), e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("plugin jar " + jar, e);
        }
    }
}
