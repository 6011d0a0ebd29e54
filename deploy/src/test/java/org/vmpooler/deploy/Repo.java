package org.vmpooler.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository the tests run in, and the commands they run there (each with a deadline). */
final class Repo {
    /** The module's tests run in deploy/; the repository is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path JAR = ROOT.resolve("vmpooler-server/target/vmpooler.jar");

    private Repo() {
    }

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed with exit code " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    static Result run(Duration deadline, Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("vmpooler-deploy-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + deadline + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result run(Duration deadline, String... command) throws IOException, InterruptedException {
        return run(deadline, Map.of(), command);
    }

    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }
}
