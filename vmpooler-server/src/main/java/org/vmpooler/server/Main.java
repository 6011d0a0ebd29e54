package org.vmpooler.server;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.store.StoreException;

/**
 * Entry point of {@code bin/vmpooler}: {@code server} (API and manager), {@code api}, {@code manager}. Runs until
 * SIGTERM or SIGINT, then shuts down gracefully. Exit codes: 0 after a clean stop, 1 when the configuration or
 * the store is unusable, 2 for an unknown command.
 */
public final class Main {
    static final String USAGE = """
            usage: vmpooler <command>

            Service:
              server     run the REST API and the pool manager in one process (the default)
              api        run only the REST API
              manager    run only the pool manager

            Configuration comes from VMPOOLER_CONFIG (YAML text), VMPOOLER_CONFIG_FILE, ./vmpooler.yaml, or the
            embedded example (in-memory store, dummy provider). See docs/CONFIGURATION.md.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        if (args.size() == 1 && List.of("help", "-h", "--help").contains(args.getFirst())) {
            System.out.print(USAGE);
            return 0;
        }
        Set<Role> roles = Role.parse(args).orElse(null);
        if (roles == null) {
            System.err.println("vmpooler: unknown command '" + String.join(" ", args) + "'");
            System.err.print(USAGE);
            return 2;
        }
        Clock clock = Clock.systemDefaultZone();
        VmpoolerService service;
        try {
            VmpoolerConfig config = new ConfigLoader(clock).load();
            service = VmpoolerService.start(config, roles, clock);
        } catch (ConfigException e) {
            System.err.println("vmpooler: configuration error: " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            System.err.println("vmpooler: cannot use the store: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            // A graceful stop is a success: exit 0 rather than the JVM's 143 for "killed by SIGTERM".
            Runtime.getRuntime().halt(0);
        }, "vmpooler-shutdown"));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
