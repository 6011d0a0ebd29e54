package org.vmpooler.dns.rfc2136;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A real BIND ({@code named} from Debian's bind9, installed by {@code bin/ensure-bind}) on a free 127.0.0.1 port,
 * for the tests: a forward zone and a reverse zone, both open to dynamic updates signed with {@link #KEY_NAME} (a
 * {@code tsig-keygen} key) or {@link #OTHER_KEY_NAME} (someone else), and one more key that the zones' update
 * policy does not grant. Start once per test class; {@link #close()} stops it and removes its files.
 */
public final class BindServer implements AutoCloseable {
    public static final String KEY_NAME = "vmpooler-key";
    public static final String OTHER_KEY_NAME = "other-key";
    public static final String UNGRANTED_KEY_NAME = "ungranted-key";
    /** A granted key of another algorithm than the others' hmac-sha256. */
    public static final String SHA512_KEY_NAME = "sha512-key";
    private static final Pattern SECRET = Pattern.compile("secret\\s+\"([^\"]+)\"");

    private final Path dir;
    private final int port;
    private final String zone;
    private final String reverseZone;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> clauses = new LinkedHashMap<>();
    private Process named;

    private BindServer(Path dir, int port, String zone, String reverseZone) {
        this.dir = dir;
        this.port = port;
        this.zone = zone;
        this.reverseZone = reverseZone;
    }

    /** Starts {@code named} serving {@code zone} and {@code reverseZone} (e.g. {@code 10.in-addr.arpa}). */
    public static BindServer start(String zone, String reverseZone) throws IOException, InterruptedException {
        BindServer server = new BindServer(Files.createTempDirectory("vmpooler-bind"), freePort(), zone, reverseZone);
        server.configure();
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String zone() {
        return zone;
    }

    public String reverseZone() {
        return reverseZone;
    }

    /** The key clause {@code tsig-keygen} printed for one of the server's keys. */
    public String keyClause(String keyName) {
        return clauses.get(keyName);
    }

    /** The base64 secret of one of the server's keys. */
    public String secret(String keyName) {
        return secrets.get(keyName);
    }

    /** The settings of a {@code dns_class: rfc2136} config that updates this server with {@link #KEY_NAME}. */
    public Map<String, Object> pluginSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server", "127.0.0.1:" + port);
        settings.put("zone", zone);
        settings.put("reverse_zone", reverseZone);
        settings.put("tsig_key_name", KEY_NAME);
        settings.put("tsig_secret", secret(KEY_NAME));
        settings.put("timeout", 1);
        settings.put("deadline", 2);
        return settings;
    }

    /** Stops {@code named}; its zones (journal included) stay for {@link #restart()}. */
    public void stop() throws InterruptedException {
        if (named != null && named.isAlive()) {
            named.destroy();
            if (!named.waitFor(20, TimeUnit.SECONDS)) {
                named.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code named} again on the same port with the zones as they were. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** The addresses (A records) the server answers for the name. */
    public Set<String> addresses(String fqdn) {
        return answers(fqdn, Type.A);
    }

    /** The names the server's PTR record for the IPv4 address points to (without the trailing dot). */
    public Set<String> ptr(String ip) {
        try {
            return answers(ReverseMap.fromAddress(ip).toString(), Type.PTR);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every A record of the forward zone but the name server's own, name (without trailing dot) to address. */
    public Map<String, String> addressRecords() {
        return transfer(zone, Type.A).stream().filter(r -> !r.getName().toString().startsWith("ns."))
                .collect(Collectors.toMap(r -> strip(r.getName()), Record::rdataToString, (a, b) -> a + "," + b,
                        TreeMap::new));
    }

    /** Every PTR record of the reverse zone, address to name (without trailing dots). */
    public Map<String, String> ptrRecords() {
        return transfer(reverseZone, Type.PTR).stream().collect(Collectors.toMap(r -> address(r.getName()),
                r -> strip(((PTRRecord) r).getTarget()), (a, b) -> a + "," + b, TreeMap::new));
    }

    /** Someone else (signed with {@link #OTHER_KEY_NAME}) points the name at {@code ip}, replacing its A records. */
    public void setElsewhere(String fqdn, String ip) {
        try {
            Name name = Name.fromString(fqdn, Name.root);
            Update update = new Update(Name.fromString(zone, Name.root));
            update.delete(name, Type.A);
            update.add(new ARecord(name, DClass.IN, 60, InetAddress.getByName(ip)));
            SimpleResolver resolver = resolver();
            resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, OTHER_KEY_NAME, secret(OTHER_KEY_NAME)));
            Message response = resolver.send(update);
            if (response.getRcode() != Rcode.NOERROR) {
                throw new IllegalStateException("BIND refused the other key's update: " + response);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void configure() throws IOException, InterruptedException {
        StringBuilder keys = new StringBuilder();
        for (String key : List.of(KEY_NAME, OTHER_KEY_NAME, UNGRANTED_KEY_NAME, SHA512_KEY_NAME)) {
            String clause = run(command("tsig-keygen"), "-a", key.equals(SHA512_KEY_NAME) ? "hmac-sha512"
                    : "hmac-sha256", key);
            Matcher secret = SECRET.matcher(clause);
            if (!secret.find()) {
                throw new IllegalStateException("tsig-keygen printed no secret: " + clause);
            }
            secrets.put(key, secret.group(1));
            clauses.put(key, clause);
            keys.append(clause).append('\n');
        }
        Files.writeString(dir.resolve("keys.conf"), keys);
        writeZone(zone, "@ IN NS ns." + zone + ".\nns IN A 127.0.0.1\n");
        writeZone(reverseZone, "@ IN NS ns." + zone + ".\n");
        String policy = "update-policy { grant " + KEY_NAME + " zonesub ANY; grant " + OTHER_KEY_NAME
                + " zonesub ANY; grant " + SHA512_KEY_NAME + " zonesub ANY; }; allow-transfer { 127.0.0.1; };";
        Files.writeString(dir.resolve("named.conf"), """
                include "%1$s/keys.conf";
                options {
                  directory "%1$s";
                  pid-file none;
                  session-keyfile "%1$s/session.key";
                  listen-on port %2$d { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion no;
                  notify no;
                  dnssec-validation no;
                };
                controls { };
                zone "%3$s" { type primary; file "%1$s/%3$s.db"; %5$s };
                zone "%4$s" { type primary; file "%1$s/%4$s.db"; %5$s };
                """.formatted(dir, port, zone, reverseZone, policy));
    }

    private void writeZone(String name, String records) throws IOException {
        Files.writeString(dir.resolve(name + ".db"), "$TTL 60\n@ IN SOA ns." + zone + ". hostmaster." + zone
                + ". 1 60 60 600 60\n" + records);
    }

    /** Runs {@code named} in the foreground as the user running the tests, and waits until it answers. */
    private void launch() throws IOException, InterruptedException {
        named = new ProcessBuilder(command("named"), "-g", "-n", "1", "-p", Integer.toString(port), "-c",
                dir.resolve("named.conf").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("named.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!named.isAlive()) {
                throw new IllegalStateException("named exited with " + named.exitValue() + ": " + log());
            }
            try {
                SimpleResolver resolver = resolver();
                resolver.setTimeout(Duration.ofMillis(500));
                Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(zone, Name.root),
                        Type.SOA, DClass.IN)));
                if (answer.getRcode() == Rcode.NOERROR && answer.getSection(Section.ANSWER).size() == 1) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        named.destroyForcibly();
        throw new IllegalStateException("named did not answer on 127.0.0.1:" + port + " within 30s: " + log());
    }

    private Set<String> answers(String name, int type) {
        try {
            Message answer = resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type,
                    DClass.IN)));
            return answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type)
                    .map(r -> r.getType() == Type.PTR ? strip(((PTRRecord) r).getTarget())
                            : r.rdataToString())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException("BIND did not answer a query for " + name, e);
        }
    }

    private List<Record> transfer(String zoneName, int type) {
        try {
            ZoneTransferIn axfr = ZoneTransferIn.newAXFR(Name.fromString(zoneName, Name.root), "127.0.0.1", port,
                    null);
            axfr.setTimeout(Duration.ofSeconds(10));
            axfr.run();
            return axfr.getAXFR().stream().filter(r -> r.getType() == type).toList();
        } catch (Exception e) {
            throw new IllegalStateException("zone transfer of " + zoneName + " failed", e);
        }
    }

    private SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver;
    }

    private static String strip(Name name) {
        String text = name.toString();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code 4.3.2.10.in-addr.arpa.} is {@code 10.2.3.4}. */
    private static String address(Name ptr) {
        List<String> labels = List.of(strip(ptr).split("\\."));
        List<String> octets = new ArrayList<>(labels.subList(0, labels.size() - 2));
        Collections.reverse(octets);
        return String.join(".", octets);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("named.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Debian puts named and tsig-keygen in /usr/sbin, which a test's PATH may lack. */
    private static String command(String name) {
        Path sbin = Path.of("/usr/sbin", name);
        return Files.isExecutable(sbin) ? sbin.toString() : name;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** A port free for both TCP and UDP on 127.0.0.1. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 0, loopback);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // the UDP port of that number is taken; try another
            }
        }
        throw new IOException("no port free for both TCP and UDP on 127.0.0.1");
    }
}
