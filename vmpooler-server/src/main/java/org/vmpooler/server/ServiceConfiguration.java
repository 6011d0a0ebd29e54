package org.vmpooler.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.config.ConfigCheck;
import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.observability.logging.LogFormat;
import org.vmpooler.observability.logging.LogSetup;
import org.vmpooler.plugin.PluginConfigCheck;
import org.vmpooler.plugin.PluginPath;
import org.vmpooler.plugin.Plugins;

/**
 * Everything a start needs to know before anything starts, read once and judged as a whole: the configuration
 * (file, extra_config, environment), the plugins and their own keys, the log file and format. {@code check-config}
 * and the service read it the same way, so both report the same problems, all at once.
 */
record ServiceConfiguration(ConfigCheck check, Optional<Plugins> plugins, Optional<LogFormat> logFormat) {

    static ServiceConfiguration read(Map<String, String> env, Path workingDirectory, Clock clock) {
        ConfigCheck check = new org.vmpooler.config.ConfigLoader(clock).check(env, workingDirectory);
        ConfigProblems problems = check.problems();
        Optional<Plugins> plugins = problems.attempt(() -> Plugins.load(PluginPath.from(env, workingDirectory)));
        Optional<LogFormat> format = Optional.empty();
        Optional<VmpoolerConfig> readable = check.readable();
        if (readable.isPresent()) {
            VmpoolerConfig config = readable.get();
            plugins.ifPresent(p -> PluginConfigCheck.check(config, p, problems));
            format = problems.attempt(() -> LogFormat.parse(config.global().extras().string("log_format")));
            problems.check(() -> LogSetup.checkLogfile(config.global().logfile()));
        }
        return new ServiceConfiguration(check, plugins, format);
    }

    boolean ok() {
        return check.ok() && plugins.isPresent() && logFormat.isPresent();
    }

    VmpoolerConfig config() {
        return check.config().orElseThrow();
    }

    /** Each problem on a line of its own with the given prefix, errors first. */
    void print(PrintStream out, String errorPrefix, String warningPrefix) {
        check.problems().errors().forEach(p -> out.println(errorPrefix + p.message()));
        check.problems().warnings().forEach(p -> out.println(warningPrefix + p.message()));
    }

    int errors() {
        return check.problems().errors().size();
    }

    int warnings() {
        return check.problems().warnings().size();
    }
}
