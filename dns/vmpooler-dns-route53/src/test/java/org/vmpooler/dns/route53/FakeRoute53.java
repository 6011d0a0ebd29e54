package org.vmpooler.dns.route53;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A stateful stand-in for Route 53 at the HTTP boundary, on 127.0.0.1: the REST XML API of version 2013-04-01
 * as the AWS SDK sends it ({@code ChangeResourceRecordSets}, {@code GetChange}, {@code ListResourceRecordSets}),
 * answering in the shapes recorded under {@code src/test/resources/route53-2013-04-01}. A change batch applies
 * atomically and with Route 53's rules (a DELETE must match the record exactly, a batch may not change one name
 * twice); its status is {@code PENDING} for {@link #syncTime} and {@code INSYNC} after. Requests must be signed;
 * signatures are not verified.
 */
public final class FakeRoute53 implements AutoCloseable {
    public static final String VERSION = "2013-04-01";
    public static final String NAMESPACE = "https://route53.amazonaws.com/doc/" + VERSION + "/";
    private static final Pattern RRSET = Pattern.compile("/" + VERSION + "/hostedzone/([^/]+)/rrset/?");
    private static final Pattern CHANGE = Pattern.compile("/" + VERSION + "/change/([^/]+)");

    private record RecordSet(String name, String type, long ttl, List<String> values) {
    }

    private record Zone(String id, String domain, Map<String, RecordSet> records) {
    }

    private final HttpServer server;
    private final Map<String, Zone> zones = new ConcurrentHashMap<>();
    private final Map<String, Instant> changes = new ConcurrentHashMap<>();
    private final AtomicInteger changeIds = new AtomicInteger(0x1000);
    private final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Duration syncTime = Duration.ofMillis(50);

    private FakeRoute53() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
    }

    public static FakeRoute53 start() throws IOException {
        FakeRoute53 fake = new FakeRoute53();
        fake.server.start();
        return fake;
    }

    public FakeRoute53 zone(String id, String domain) {
        zones.put(id, new Zone(id, domain.toLowerCase(Locale.ROOT) + ".", new TreeMap<>()));
        return this;
    }

    public FakeRoute53 syncTime(Duration time) {
        syncTime = time;
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The values of the name's A and AAAA records (name without the trailing dot). */
    public Set<String> addresses(String zone, String fqdn) {
        Set<String> found = new HashSet<>();
        synchronized (zones.get(zone)) {
            for (String type : List.of("A", "AAAA")) {
                RecordSet set = zones.get(zone).records().get(key(fqdn + ".", type));
                if (set != null) {
                    found.addAll(set.values());
                }
            }
        }
        return found;
    }

    /** Every A record of the zone: name (without the trailing dot) to address. */
    public Map<String, String> addressRecords(String zone) {
        Map<String, String> found = new TreeMap<>();
        synchronized (zones.get(zone)) {
            zones.get(zone).records().values().stream().filter(r -> r.type().equals("A"))
                    .forEach(r -> found.put(r.name().substring(0, r.name().length() - 1), r.values().getFirst()));
        }
        return found;
    }

    /** Someone else points the name at {@code ip}. */
    public void setElsewhere(String zone, String fqdn, String ip) {
        synchronized (zones.get(zone)) {
            zones.get(zone).records().put(key(fqdn + ".", "A"), new RecordSet(fqdn + ".", "A", 300, List.of(ip)));
        }
    }

    /** How many changes each ChangeResourceRecordSets request carried, in arrival order. */
    public List<Integer> batchSizes() {
        synchronized (batchSizes) {
            return List.copyOf(batchSizes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String key(String name, String type) {
        return name.toLowerCase(Locale.ROOT) + " " + type;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                throw new Refusal(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            }
            String path = exchange.getRequestURI().getRawPath();
            Matcher rrset = RRSET.matcher(path);
            Matcher change = CHANGE.matcher(path);
            String method = exchange.getRequestMethod();
            if (rrset.matches() && method.equals("POST")) {
                reply(exchange, 200, changeResourceRecordSets(zone(rrset.group(1)), body));
            } else if (rrset.matches() && method.equals("GET")) {
                reply(exchange, 200, listResourceRecordSets(zone(rrset.group(1)),
                        query(exchange.getRequestURI().getRawQuery())));
            } else if (change.matches() && method.equals("GET")) {
                reply(exchange, 200, getChange(change.group(1)));
            } else {
                throw new Refusal(404, "UnknownOperationException", method + " " + path + " is not an operation");
            }
        } catch (Refusal e) {
            reply(exchange, e.status, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>\
                    <RequestId>%s</RequestId></ErrorResponse>""".formatted(NAMESPACE, e.code, escape(e.getMessage()),
                    java.util.UUID.randomUUID()));
        }
    }

    private static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private Zone zone(String id) {
        Zone zone = zones.get(id);
        if (zone == null) {
            throw new Refusal(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
        }
        return zone;
    }

    private String changeResourceRecordSets(Zone zone, String body) {
        Document doc = parse(body);
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("ChangeResourceRecordSetsRequest") || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new Refusal(400, "InvalidInput", "expected a ChangeResourceRecordSetsRequest in " + NAMESPACE);
        }
        NodeList changes = doc.getElementsByTagNameNS(NAMESPACE, "Change");
        List<String> problems = new ArrayList<>();
        synchronized (zone) {
            Map<String, RecordSet> after = new TreeMap<>(zone.records());
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < changes.getLength(); i++) {
                Element change = (Element) changes.item(i);
                String action = text(change, "Action");
                Element set = (Element) change.getElementsByTagNameNS(NAMESPACE, "ResourceRecordSet").item(0);
                String name = text(set, "Name").toLowerCase(Locale.ROOT);
                name = name.endsWith(".") ? name : name + ".";
                String type = text(set, "Type");
                long ttl = Long.parseLong(text(set, "TTL"));
                List<String> values = new ArrayList<>();
                NodeList valueNodes = set.getElementsByTagNameNS(NAMESPACE, "Value");
                for (int v = 0; v < valueNodes.getLength(); v++) {
                    values.add(valueNodes.item(v).getTextContent());
                }
                RecordSet record = new RecordSet(name, type, ttl, values);
                String key = key(name, type);
                if (!name.equals(zone.domain()) && !name.endsWith("." + zone.domain())) {
                    problems.add("RRSet with DNS name " + name + " is not permitted in zone " + zone.domain());
                } else if (!seen.add(key)) {
                    problems.add("The request contains an invalid set of changes for a resource record set '"
                            + type + " " + name + "'");
                } else {
                    switch (action) {
                        case "UPSERT" -> after.put(key, record);
                        case "CREATE" -> {
                            if (after.putIfAbsent(key, record) != null) {
                                problems.add("Tried to create resource record set [name='" + name + "', type='"
                                        + type + "'] but it already exists");
                            }
                        }
                        case "DELETE" -> {
                            RecordSet current = after.get(key);
                            if (current == null) {
                                problems.add("Tried to delete resource record set [name='" + name + "', type='"
                                        + type + "'] but it was not found");
                            } else if (!current.equals(record)) {
                                problems.add("Tried to delete resource record set [name='" + name + "', type='"
                                        + type + "'] but the values provided do not match the current values");
                            } else {
                                after.remove(key);
                            }
                        }
                        default -> problems.add("Invalid action " + action);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new Refusal(400, "InvalidChangeBatch", String.join("; ", problems));
            }
            zone.records().clear();
            zone.records().putAll(after);
        }
        batchSizes.add(changes.getLength());
        String id = "C" + Integer.toHexString(changeIds.incrementAndGet()).toUpperCase(Locale.ROOT) + "FA4E";
        Instant now = Instant.now();
        this.changes.put(id, now);
        return changeInfo("ChangeResourceRecordSetsResponse", id, now);
    }

    private String getChange(String id) {
        if (!changes.containsKey(id)) {
            throw new Refusal(404, "NoSuchChange", "A change with the specified change ID does not exist: " + id);
        }
        return changeInfo("GetChangeResponse", id, changes.get(id));
    }

    private String changeInfo(String root, String id, Instant submitted) {
        String status = Instant.now().isBefore(submitted.plus(syncTime)) ? "PENDING" : "INSYNC";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <%s xmlns="%s"><ChangeInfo><Id>/change/%s</Id><Status>%s</Status><SubmittedAt>%s</SubmittedAt>\
                <Comment>vmpooler</Comment></ChangeInfo></%s>""".formatted(root, NAMESPACE, id, status,
                submitted.truncatedTo(ChronoUnit.MILLIS), root);
    }

    private String listResourceRecordSets(Zone zone, Map<String, String> query) {
        String start = query.getOrDefault("name", zone.domain()).toLowerCase(Locale.ROOT);
        String from = key(start.endsWith(".") ? start : start + ".", query.getOrDefault("type", ""));
        int max = Integer.parseInt(query.getOrDefault("maxitems", "300"));
        List<RecordSet> page;
        boolean truncated;
        synchronized (zone) {
            List<RecordSet> rest = ((TreeMap<String, RecordSet>) zone.records()).tailMap(from, true).values().stream()
                    .toList();
            page = rest.subList(0, Math.min(max, rest.size()));
            truncated = rest.size() > max;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListResourceRecordSetsResponse"
                + " xmlns=\"" + NAMESPACE + "\"><ResourceRecordSets>");
        for (RecordSet r : page) {
            xml.append("<ResourceRecordSet><Name>").append(r.name()).append("</Name><Type>").append(r.type())
                    .append("</Type><TTL>").append(r.ttl()).append("</TTL><ResourceRecords>");
            r.values().forEach(v -> xml.append("<ResourceRecord><Value>").append(escape(v))
                    .append("</Value></ResourceRecord>"));
            xml.append("</ResourceRecords></ResourceRecordSet>");
        }
        xml.append("</ResourceRecordSets><IsTruncated>").append(truncated).append("</IsTruncated>");
        xml.append("<MaxItems>").append(max).append("</MaxItems></ListResourceRecordSetsResponse>");
        return xml.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new Refusal(400, "InvalidInput", "the request body is not XML: " + e.getMessage());
        }
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(NAMESPACE, name);
        if (nodes.getLength() == 0) {
            throw new Refusal(400, "InvalidInput", name + " is required");
        }
        return nodes.item(0).getTextContent();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
