package org.vmpooler.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.javalin.util.JavalinBindException;

import org.vmpooler.api.ApiServer;
import org.vmpooler.build.Version;
import org.vmpooler.cli.VmpoolerCli;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.EmptyStorePolicy;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.manager.ManagerConflictException;
import org.vmpooler.observability.logging.LogSetup;
import org.vmpooler.plugin.PluginPath;
import org.vmpooler.plugin.Plugins;
import org.vmpooler.store.StoreException;

/**
 * Entry point of {@code bin/vmpooler}: {@code server} (API and manager), {@code api}, {@code manager} run the
 * service until SIGTERM or SIGINT, then shut down gracefully (exit 0 after a clean stop, 1 when the
 * configuration or the store is unusable, 3 when the store lost its data and {@code on_empty_store: stop} says to
 * stop). Every other command is the client ({@link VmpoolerCli}), whose exit
 * code is returned as is (2 for an unknown command).
 */
public final class Main {
    static final String USAGE = """
            usage: vmpooler <command>

            Service:
              server     run the REST API and the pool manager in one process (the default)
              api        run only the REST API
              manager    run only the pool manager
              plugins    list the provider and DNS classes found (built in, or a jar in the plugins folder:
                         VMPOOLER_PLUGIN_PATH, default ./plugins) and each provider's capabilities
              check-config [FILE]
                         read the configuration as the service would (FILE, else the sources below, with
                         EXTRA_CONFIG, the environment and the plugins' own keys) and print every error and
                         warning; exit 1 when there is an error
              completion bash|zsh
                         print a shell completion script: source <(bin/vmpooler completion bash)

            Configuration comes from VMPOOLER_CONFIG (YAML text), VMPOOLER_CONFIG_FILE, ./vmpooler.yaml, or the
            embedded example (in-memory store, dummy provider). See docs/CONFIGURATION.md.

            Client (configured by ~/.vmfloaty.yml and VMPOOLER_URL/TOKEN/USER; 'vmpooler <command> --help'
            for its options, docs/CLI.md for all of it):
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        if (args.size() == 1 && List.of("help", "-h", "--help").contains(args.getFirst())) {
            System.out.print(USAGE);
            System.out.print(VmpoolerCli.commandList());
            return 0;
        }
        if (args.size() == 1 && args.getFirst().equalsIgnoreCase("plugins")) {
            return listPlugins();
        }
        if (!args.isEmpty() && args.getFirst().equals("completion")) {
            return CompletionCommand.run(args.subList(1, args.size()), System.out, System.err);
        }
        if (!args.isEmpty() && args.getFirst().equalsIgnoreCase("check-config")) {
            return ConfigCheckCommand.run(args.subList(1, args.size()), System.getenv(), Path.of("").toAbsolutePath(),
                    System.out, System.err);
        }
        if (args.size() == 2 && Role.parse(args.subList(0, 1)).isPresent()) {
            // The service roles answer --version and --help themselves; the client's help lists none of them.
            switch (args.get(1)) {
                case "--version", "-V" -> {
                    System.out.println("vmpooler " + Version.current());
                    return 0;
                }
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                default -> {
                }
            }
        }
        Set<Role> roles = Role.parse(args).orElse(null);
        if (roles == null) {
            return VmpoolerCli.run(args.toArray(String[]::new), System.getenv(), System.in, System.out, System.err);
        }
        if (roles.containsAll(Set.of(Role.API, Role.MANAGER))) {
            ManagerCarriers.shareCoresWithTheApi();
        }
        Clock clock = Clock.systemDefaultZone();
        AtomicReference<VmpoolerService> running = new AtomicReference<>();
        AtomicInteger exitStatus = new AtomicInteger();
        CountDownLatch startEnded = new CountDownLatch(1);
        // Installed before anything starts: a SIGTERM that comes while the service is starting waits for the
        // start to end and then stops it gracefully, instead of the JVM dying with 143 halfway through.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                startEnded.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            VmpoolerService service = running.get();
            if (service == null) {
                return; // nothing started, or the start failed: the exit status stands
            }
            service.close();
            try {
                LogSetup.flush(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A graceful stop is a success: exit 0 rather than the JVM's 143 for "killed by SIGTERM"; a stop the
            // service asked for itself keeps its own status.
            Runtime.getRuntime().halt(exitStatus.get());
        }, "vmpooler-shutdown"));
        try {
            ServiceConfiguration configuration = ServiceConfiguration.read(System.getenv(),
                    Path.of("").toAbsolutePath(), clock);
            if (!configuration.ok()) {
                return configurationErrors(configuration);
            }
            VmpoolerConfig config = configuration.config();
            LogSetup.configure(config.global().logfile(), System.getenv("VMPOOLER_DEBUG") != null,
                    configuration.logFormat().orElseThrow());
            // Only now, so that these lines go where and how the configuration says, like every later one.
            configuration.check().logLoaded();
            running.set(VmpoolerService.start(config, roles, clock, configuration.plugins().orElseThrow(),
                    lost -> stopForLostStore(lost.getMessage(), exitStatus)));
        } catch (ConfigException e) {
            return configurationError(e);
        } catch (ApiServer.CannotListen e) {
            System.err.println("vmpooler: " + e.getMessage());
            return 1;
        } catch (JavalinBindException e) {
            // A manager-only process listens too (health and metrics), so two on one host need different PORTs.
            System.err.println("vmpooler: cannot listen: " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            System.err.println("vmpooler: cannot use the store: " + e.getMessage());
            return 1;
        } catch (ManagerConflictException e) {
            System.err.println("vmpooler: refusing to start the pool manager: " + e.getMessage());
            return 1;
        } finally {
            startEnded.countDown();
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The first pool that finds the store lost its data stops the process (the others may find it too); exiting
     * runs the shutdown hook, which stops the service gracefully and keeps this status.
     */
    private static void stopForLostStore(String why, AtomicInteger exitStatus) {
        if (exitStatus.compareAndSet(0, EmptyStorePolicy.STOP_EXIT_STATUS)) {
            System.err.println("vmpooler: stopping: " + why);
            Thread.ofPlatform().name("vmpooler-stop").start(() -> System.exit(EmptyStorePolicy.STOP_EXIT_STATUS));
        }
    }

    private static int listPlugins() {
        try {
            System.out.print(PluginListing.render(Plugins.load(PluginPath.fromEnvironment())));
            return 0;
        } catch (ConfigException e) {
            return configurationError(e);
        }
    }

    /** One line per problem, so a start tells every mistake of the configuration at once. */
    private static int configurationErrors(ServiceConfiguration configuration) {
        configuration.print(System.err, "vmpooler: configuration error: ", "vmpooler: configuration warning: ");
        System.err.println("vmpooler: nothing started: " + configuration.errors() + " configuration error"
                + (configuration.errors() == 1 ? "" : "s") + " (bin/vmpooler check-config lists them again)");
        return 1;
    }

    private static int configurationError(ConfigException e) {
        System.err.println("vmpooler: configuration error: " + e.getMessage());
        return 1;
    }
}
