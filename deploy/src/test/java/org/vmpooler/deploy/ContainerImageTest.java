package org.vmpooler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/container/build-image makes the image from Debian packages and this build's jar (bin/ensure-podman
 * installs the tools), and the image runs: non-root, read-only, configured by a mounted YAML and the environment,
 * answering its health endpoints and stopping cleanly. The layers are checked on their own first, so that a
 * machine whose kernel cannot run containers still tests everything up to the run.
 */
class ContainerImageTest {
    private static final Path OUT = Repo.ROOT.resolve("target/container");
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(8);
    private static String firstAppLayerDigest;
    private static String image;

    @TempDir
    static Path dir;

    @BeforeAll
    static void buildTheImageTwice() throws Exception {
        assertThat(Repo.JAR).as("the assembled jar (vmpooler-server's package phase)").exists();
        Repo.run(BUILD_DEADLINE, "deploy/container/build-image", "--rootfs-only").orFail("build-image --rootfs-only");
        firstAppLayerDigest = sha256(OUT.resolve("app.tar"));
        List<String> lines = Repo.lines(Repo.run(BUILD_DEADLINE, "deploy/container/build-image").orFail("build-image").output());
        image = lines.getLast().trim();
    }

    @Test
    void theLayersAreReproducible() throws Exception {
        assertThat(sha256(OUT.resolve("app.tar"))).as("app.tar of two builds of the same commit").isEqualTo(firstAppLayerDigest);
        assertThat(image).isEqualTo("localhost/vmpooler:0.1.0-snapshot");
    }

    @Test
    void theAppLayerHoldsTheJarRuntimeLauncherAndPluginsFolderAllOwnedByRoot() throws Exception {
        List<String[]> entries = listing(OUT.resolve("app.tar"));
        assertThat(entries).allSatisfy(e -> assertThat(e[1]).as(e[5]).isEqualTo("0/0"));
        assertThat(names(entries)).contains("./opt/vmpooler/lib/vmpooler.jar", "./opt/vmpooler/bin/vmpooler",
                "./opt/vmpooler/bin/java-home", "./opt/vmpooler/jre/bin/java", "./opt/vmpooler/plugins/", "./etc/passwd",
                "./etc/vmpooler/vmpooler.yaml.example");
        assertThat(mode(entries, "./opt/vmpooler/bin/vmpooler")).isEqualTo("-rwxr-xr-x");
        assertThat(mode(entries, "./opt/vmpooler/lib/vmpooler.jar")).isEqualTo("-rw-r--r--");
        assertThat(mode(entries, "./tmp/")).isEqualTo("drwxrwxrwt");
        String passwd = Repo.run(Duration.ofSeconds(30), "tar", "-xOf", OUT.resolve("app.tar").toString(), "./etc/passwd")
                .orFail("tar").output();
        assertThat(passwd).contains("vmpooler:x:1001:1001:vmpooler:/nonexistent:/usr/sbin/nologin");
        assertThat(Files.readString(Repo.DEPLOY.resolve("container/Containerfile"))).contains("USER 1001:1001");
    }

    @Test
    void noLayerCarriesHistoriesHomesOrPackageCaches() throws Exception {
        for (Path layer : List.of(OUT.resolve("base.tar"), OUT.resolve("app.tar"))) {
            assertThat(names(listing(layer))).as(layer.getFileName().toString())
                    .noneMatch(n -> n.endsWith("_history") || n.endsWith(".viminfo") || n.endsWith(".lesshst"))
                    .noneMatch(n -> n.matches("\\./(root|home)/.+"))
                    .noneMatch(n -> n.matches("\\./var/(cache/apt|lib/apt/lists)/.+\\.(deb|gz|xz|lz4)$"))
                    .noneMatch(n -> n.startsWith("./usr/share/doc/") && !n.equals("./usr/share/doc/"))
                    .noneMatch(n -> n.endsWith(".java") || n.contains("/.git/"));
        }
    }

    @Test
    void theImageRunsAsItsOwnUserOnAReadOnlyRootAndAnswersItsHealthEndpoints() throws Exception {
        String name = "vmpooler-test-" + UUID.randomUUID();
        assumeContainersCanRun(name);
        int port = freePort();
        Files.writeString(dir.resolve("vmpooler.yaml"), Files.readString(Repo.ROOT.resolve("vmpooler.yaml.dummy-example"))
                .replace(":prometheus:\n", ":prometheus:\n  prefix: image-test\n"));
        List<String> run = new ArrayList<>(podman("run", "--detach", "--name", name));
        // Configured by both: the mounted YAML (found as ./vmpooler.yaml) and the environment (PORT).
        run.addAll(List.of("--read-only", "--tmpfs", "/tmp", "--publish", "127.0.0.1:" + port + ":4600",
                "--volume", dir.resolve("vmpooler.yaml") + ":/etc/vmpooler/vmpooler.yaml:ro",
                "--env", "PORT=4600", image, "server"));
        Repo.run(Duration.ofMinutes(2), run.toArray(String[]::new)).orFail("podman run");
        try {
            HttpClient http = HttpClient.newHttpClient();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> get(http, port, "/healthcheck/ready").statusCode() == 200);
            assertThat(get(http, port, "/healthcheck").body()).contains("\"ok\": true");
            assertThat(get(http, port, "/healthcheck/live").statusCode()).isEqualTo(200);
            assertThat(get(http, port, "/prometheus").body()).contains("vmpooler_instance=\"image-test\"");
            assertThat(get(http, port, "/api/v3/status").body()).contains("debian-12-x86_64");

            String user = Repo.run(Duration.ofSeconds(30), podman("top", name, "user").toArray(String[]::new))
                    .orFail("podman top").output();
            assertThat(user).contains("vmpooler").doesNotContain("root");
            String logs = Repo.run(Duration.ofSeconds(30), "podman", "logs", name).orFail("podman logs").output();
            assertThat(logs).as("LOGFILE is the container's stdout").contains("pool manager started");

            Repo.run(Duration.ofSeconds(60), "podman", "stop", "--time", "30", name).orFail("podman stop");
            String exit = Repo.run(Duration.ofSeconds(30), "podman", "inspect", "--format", "{{.State.ExitCode}}", name)
                    .orFail("podman inspect").output().trim();
            assertThat(exit).as("a graceful stop on SIGTERM").isEqualTo("0");
        } finally {
            Repo.run(Duration.ofSeconds(60), "podman", "rm", "--force", name);
        }
    }

    /**
     * Runs /bin/true in the image. When even that fails the kernel or the sandbox refuses containers, which is
     * no fault of the image: the test is skipped with the runtime's own words.
     */
    private static void assumeContainersCanRun(String name) throws IOException, InterruptedException {
        List<String> probe = new ArrayList<>(podman("run", "--rm", "--name", name + "-probe", "--entrypoint", "/bin/true"));
        probe.add(image);
        Repo.Result result = Repo.run(Duration.ofMinutes(2), probe.toArray(String[]::new));
        Assumptions.assumeTrue(result.exitCode() == 0,
                () -> "podman cannot run any container on this machine (not an image fault): " + result.output());
    }

    /**
     * podman with this machine's needs spelt out: runc when installed (crun refuses hybrid cgroup v1/v2 hosts), and
     * resource limits no higher than this process's own (podman would raise them, which needs CAP_SYS_RESOURCE).
     */
    private static List<String> podman(String command, String... args) throws IOException {
        List<String> line = new ArrayList<>(List.of("podman"));
        if (Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))) {
            line.addAll(List.of("--runtime", "runc"));
        }
        line.add(command);
        if (command.equals("run")) {
            long files = softLimit("Max open files");
            line.addAll(List.of("--ulimit", "nofile=" + files + ":" + files, "--ulimit", "nproc=4096:4096"));
        }
        line.addAll(List.of(args));
        return line;
    }

    private static long softLimit(String name) throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith(name))
                .findFirst().orElseThrow();
        String soft = line.substring(name.length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? 1_048_576 : Long.parseLong(soft);
    }

    /** {@code tar -tv --numeric-owner} fields: mode, owner/group, size, date, time, name. */
    private static List<String[]> listing(Path tarball) throws IOException, InterruptedException {
        String out = Repo.run(Duration.ofMinutes(1), "tar", "--numeric-owner", "-tvf", tarball.toString()).orFail("tar -t").output();
        return out.lines().map(l -> l.split("\\s+", 6)).map(f -> {
            String n = f[5];
            int link = n.indexOf(" -> ");
            f[5] = link < 0 ? n : n.substring(0, link);
            return f;
        }).toList();
    }

    private static List<String> names(List<String[]> entries) {
        return entries.stream().map(e -> e[5]).toList();
    }

    private static String mode(List<String[]> entries, String name) {
        return entries.stream().filter(e -> e[5].equals(name)).findFirst().map(e -> e[0]).orElse("missing");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
