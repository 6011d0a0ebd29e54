package org.vmpooler.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.vmpooler.cli.CliFailure;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The user's {@code ~/.vmfloaty.yml}, read as vmfloaty reads it so people keep their file. A missing file is
 * an empty configuration; a broken one is an error naming the file (vmfloaty silently ignored it and then
 * failed later for an unrelated-looking reason).
 */
public final class FloatyConfigFile {
    public static final String NAME = ".vmfloaty.yml";

    private FloatyConfigFile() {
    }

    public static Map<String, Object> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (document == null) {
                return Map.of();
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw CliFailure.usage(file + ": expected a map of settings (user, url, token, services)");
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            map.forEach((key, value) -> settings.put(String.valueOf(key), value));
            return settings;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw CliFailure.usage(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
