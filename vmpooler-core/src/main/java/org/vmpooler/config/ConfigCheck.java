package org.vmpooler.config;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of reading the configuration: every problem found on the way and, when its main sections could be
 * read, the config ({@code readable}: with errors it lacks the pools that had them, so it serves only further
 * checks). Later checks that need more than the document (plugins, the log file) add their problems here too,
 * so that one report covers them all.
 */
public record ConfigCheck(Optional<VmpoolerConfig> readable, ConfigProblems problems, String source) {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCheck.class);

    public boolean ok() {
        return readable.isPresent() && !problems.hasErrors();
    }

    /** The config when there is no error. */
    public Optional<VmpoolerConfig> config() {
        return readable.filter(c -> !problems.hasErrors());
    }

    /** The config, or one exception carrying every error. */
    public VmpoolerConfig orThrow() {
        problems.throwIfErrors();
        return readable.orElseThrow(() -> new ConfigException("the configuration from " + source + " could not be read"));
    }

    /**
     * Logs the warnings and the "configuration loaded" line; called once logging is set up, so that these lines
     * are in the configured format and file like every later one.
     */
    public void logLoaded() {
        config().ifPresent(c -> LOG.info("configuration loaded from {}: {} pools, {} provider instances, {} store",
                source, c.pools().size(), c.providers().size(), c.redis().isPresent() ? "Redis" : "in-memory"));
        problems.warnings().forEach(warning -> LOG.warn("{}", warning.message()));
    }
}
