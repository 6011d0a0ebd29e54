package org.vmpooler.server;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.vmpooler.config.VmpoolerConfig;

/**
 * {@code vmpooler check-config [FILE]}: reads the configuration exactly as a start would ({@link ServiceConfiguration})
 * and prints every error and warning, so an operator bringing a config from elsewhere learns all its mistakes in
 * one run. Exit 0 when it would start (warnings allowed), 1 on an error, 2 on bad usage.
 */
final class ConfigCheckCommand {
    static final String USAGE = "usage: vmpooler check-config [FILE]";

    private ConfigCheckCommand() {
    }

    static int run(List<String> args, Map<String, String> environment, Path workingDirectory, PrintStream out,
                   PrintStream err) {
        if (args.size() > 1 || (args.size() == 1 && args.getFirst().startsWith("-"))) {
            boolean help = args.size() == 1 && List.of("-h", "--help").contains(args.getFirst());
            (help ? out : err).println(USAGE + "\n  FILE: a YAML file to check instead of VMPOOLER_CONFIG,"
                    + " VMPOOLER_CONFIG_FILE or ./vmpooler.yaml (EXTRA_CONFIG and the environment still apply)");
            return help ? 0 : 2;
        }
        Map<String, String> env = new HashMap<>(environment);
        if (args.size() == 1) {
            Path file = workingDirectory.resolve(args.getFirst());
            if (!Files.isRegularFile(file)) {
                err.println("vmpooler: " + file + " is not a file; give the path of a configuration file, or none"
                        + " to check what the service would read");
                return 2;
            }
            env.remove("VMPOOLER_CONFIG");
            env.put("VMPOOLER_CONFIG_FILE", file.toString());
        }
        ServiceConfiguration configuration = ServiceConfiguration.read(env, workingDirectory, Clock.systemUTC());
        out.println("checking " + configuration.check().source()
                + configuration.plugins().map(p -> " with " + p.searched()).orElse(""));
        configuration.print(out, "error: ", "warning: ");
        if (configuration.ok()) {
            VmpoolerConfig config = configuration.config();
            out.println("OK: " + config.pools().size() + " pools, " + config.providers().size()
                    + " provider instances, " + (config.redis().isPresent() ? "Redis" : "in-memory") + " store"
                    + (configuration.warnings() > 0 ? "; " + configuration.warnings() + " warnings" : ""));
            return 0;
        }
        out.println(configuration.errors() + " error" + (configuration.errors() == 1 ? "" : "s") + ", "
                + configuration.warnings() + " warning" + (configuration.warnings() == 1 ? "" : "s")
                + ": the service would not start");
        return 1;
    }
}
