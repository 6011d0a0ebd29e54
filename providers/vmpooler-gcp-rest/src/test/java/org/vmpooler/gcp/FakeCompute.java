package org.vmpooler.gcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful Compute Engine v1 of one project: instances, disks and snapshots that mutating calls change and later
 * reads see, answering through {@code compute#operation}s that go PENDING, RUNNING and DONE one step per poll and
 * carry {@code error.errors} when they fail. Instances are PROVISIONING until their insert operation is done, then
 * RUNNING; a stop leaves them TERMINATED. Every refusal is the real API's: 404 {@code notFound}, 409
 * {@code alreadyExists}, 412 {@code conditionNotMet} for a stale label fingerprint, 400 {@code invalid} and
 * {@code resourceInUseByAnotherResource}. All state sits behind the instance's lock.
 */
public final class FakeCompute {
    static final String LINK = "https://www.googleapis.com/compute/v1/";
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]{0,63}");

    private final String project;
    private final Map<String, ObjectNode> instances = new LinkedHashMap<>();   // zone/name
    private final Map<String, ObjectNode> disks = new LinkedHashMap<>();       // zone/name
    private final Map<String, ObjectNode> snapshots = new LinkedHashMap<>();   // name
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Set<String> images = new HashSet<>();
    private final Set<String> machineTypes = new HashSet<>(Set.of("e2-micro", "e2-small", "e2-medium", "n2-standard-2"));
    private final Deque<String> insertFailures = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private int pageSize = 10;
    private boolean holdOperations;
    private Runnable beforeNextSetLabels;
    private boolean loseNextInsertAnswer;

    private static final class Operation {
        final ObjectNode body;
        final Runnable onDone;

        Operation(ObjectNode body, Runnable onDone) {
            this.body = body;
            this.onDone = onDone;
        }
    }

    FakeCompute(String project) {
        this.project = project;
    }

    // ---- set-up and inspection for tests ----

    public synchronized void addImage(String image) {
        images.add(image);
    }

    public synchronized void pageSize(int size) {
        pageSize = size;
    }

    public synchronized void holdOperations(boolean hold) {
        holdOperations = hold;
    }

    public synchronized void failInstanceInserts(int count, String code) {
        for (int i = 0; i < count; i++) {
            insertFailures.add(code);
        }
    }

    /** The next instance insert is carried out, but its answer is lost (503), as when a connection drops. */
    public synchronized void loseNextInsertAnswer() {
        loseNextInsertAnswer = true;
    }

    /** Runs {@code race} just before the next {@code setLabels} is judged, as a concurrent writer would. */
    public synchronized void beforeNextSetLabels(Runnable race) {
        beforeNextSetLabels = race;
    }

    /** Someone else adds the label {@code touched=yes} to the instance, changing its fingerprint. */
    public synchronized void touchLabels(String zone, String name) {
        ObjectNode instance = instances.get(zone + "/" + name);
        ((ObjectNode) instance.get("labels")).put("touched", "yes");
        instance.put("labelFingerprint", fingerprint(instance.get("labels")));
    }

    public synchronized List<String> instanceNames() {
        return instances.values().stream().map(i -> i.path("name").asText()).toList();
    }

    public synchronized List<String> diskNames() {
        return disks.values().stream().map(d -> d.path("name").asText()).toList();
    }

    public synchronized List<String> snapshotNames() {
        return List.copyOf(snapshots.keySet());
    }

    public synchronized JsonNode instance(String zone, String name) {
        ObjectNode i = instances.get(zone + "/" + name);
        return i == null ? null : i.deepCopy();
    }

    public synchronized JsonNode disk(String zone, String name) {
        ObjectNode d = disks.get(zone + "/" + name);
        return d == null ? null : d.deepCopy();
    }

    /** Puts an instance that is still being created and can never finish (its creator died midway). */
    public synchronized void putHalfCreated(String zone, String name, Map<String, String> labels) {
        ObjectNode body = Shapes.json().createObjectNode().put("name", name).put("machineType", "zones/" + zone
                + "/machineTypes/e2-small");
        ObjectNode l = body.putObject("labels");
        labels.forEach(l::put);
        ObjectNode instance = newInstance(zone, name, body, List.of());
        instance.put("status", "PROVISIONING");
        ((ArrayNode) instance.get("networkInterfaces")).removeAll();
        instances.put(zone + "/" + name, instance);
    }

    // ---- the API ----

    /** Answers {@code method} on {@code path} (below {@code compute/v1/}). */
    synchronized JsonNode handle(String method, List<String> path, Map<String, String> query, JsonNode body) {
        if (path.size() < 3 || !path.get(0).equals("projects")) {
            throw FakeApiError.notFound(String.join("/", path));
        }
        if (!path.get(1).equals(project)) {
            throw new FakeApiError(403, "forbidden", "Required permission for project '" + path.get(1) + "'");
        }
        if (path.get(2).equals("global") && path.size() >= 4) {
            return global(method, path.subList(3, path.size()), query);
        }
        if (path.get(2).equals("zones") && path.size() >= 5) {
            String zone = path.get(3);
            List<String> rest = path.subList(4, path.size());
            return switch (rest.get(0)) {
                case "instances" -> instances(method, zone, rest, query, body);
                case "disks" -> disks(method, zone, rest, query, body);
                case "operations" -> operation(zone + "/" + rest.get(1), rest.size() > 2);
                default -> throw FakeApiError.notFound(String.join("/", path));
            };
        }
        throw FakeApiError.notFound(String.join("/", path));
    }

    private JsonNode global(String method, List<String> rest, Map<String, String> query) {
        if (rest.get(0).equals("operations") && rest.size() >= 2) {
            return operation("global/" + rest.get(1), rest.size() > 2);
        }
        if (!rest.get(0).equals("snapshots")) {
            throw FakeApiError.notFound(String.join("/", rest));
        }
        if (rest.size() == 1 && method.equals("GET")) {
            return list("compute#snapshotList", snapshots.values(), query);
        }
        String name = rest.get(1);
        ObjectNode snapshot = snapshots.get(name);
        if (snapshot == null) {
            throw FakeApiError.notFound("projects/" + project + "/global/snapshots/" + name);
        }
        if (method.equals("GET")) {
            return snapshot.deepCopy();
        }
        if (method.equals("DELETE")) {
            snapshots.remove(name);
            return startOperation(null, "delete", snapshot.path("selfLink").asText(), null);
        }
        throw FakeApiError.invalid("unsupported " + method);
    }

    private JsonNode instances(String method, String zone, List<String> rest, Map<String, String> query,
                               JsonNode body) {
        if (rest.size() == 1) {
            return method.equals("POST") ? insertInstance(zone, body)
                    : list("compute#instanceList", values(instances, zone), query);
        }
        String name = rest.get(1);
        ObjectNode instance = instances.get(zone + "/" + name);
        if (instance == null) {
            throw FakeApiError.notFound("projects/" + project + "/zones/" + zone + "/instances/" + name);
        }
        String link = instance.path("selfLink").asText();
        if (rest.size() == 2) {
            if (method.equals("GET")) {
                return instance.deepCopy();
            }
            deleteInstance(zone, name, instance);
            return startOperation(zone, "delete", link, null);
        }
        return switch (rest.get(2)) {
            case "stop" -> {
                instance.put("status", "STOPPING");
                yield startOperation(zone, "stop", link, () -> instance.put("status", "TERMINATED"));
            }
            case "start" -> {
                instance.put("status", "STAGING");
                yield startOperation(zone, "start", link, () -> instance.put("status", "RUNNING"));
            }
            case "setLabels" -> setLabels(zone, instance, body);
            case "attachDisk" -> attachDisk(zone, instance, body);
            case "detachDisk" -> detachDisk(zone, instance, query.get("deviceName"));
            default -> throw FakeApiError.notFound(link + "/" + rest.get(2));
        };
    }

    private JsonNode insertInstance(String zone, JsonNode body) {
        String name = body.path("name").asText();
        checkName(name);
        checkLabels(body.path("labels"));
        if (instances.containsKey(zone + "/" + name)) {
            throw FakeApiError.alreadyExists("projects/" + project + "/zones/" + zone + "/instances/" + name);
        }
        String machineType = lastSegment(body.path("machineType").asText());
        if (!machineTypes.contains(machineType)) {
            throw FakeApiError.invalid("Invalid value for field 'resource.machineType': '"
                    + body.path("machineType").asText() + "'. Machine type with name '" + machineType
                    + "' does not exist in zone '" + zone + "'.");
        }
        JsonNode boot = body.path("disks").path(0);
        String image = boot.path("initializeParams").path("sourceImage").asText();
        if (!images.contains(image.replaceFirst("^https://[^/]+/compute/v1/", ""))) {
            throw FakeApiError.notFound(image);
        }
        String link = zoneLink(zone) + "/instances/" + name;
        if (!insertFailures.isEmpty()) {
            return failedOperation(zone, "insert", link, insertFailures.poll());
        }
        JsonNode init = boot.path("initializeParams");
        String diskName = init.path("diskName").asText(name);
        if (disks.containsKey(zone + "/" + diskName)) {
            throw FakeApiError.alreadyExists("projects/" + project + "/zones/" + zone + "/disks/" + diskName);
        }
        ObjectNode disk = newDisk(zone, diskName, init.path("diskSizeGb").asText("10"), init.path("labels"),
                init.path("diskType").asText(""));
        disk.put("sourceImage", LINK + image.replaceFirst("^https://[^/]+/compute/v1/", ""));
        disk.withArray("users").add(link);
        disks.put(zone + "/" + diskName, disk);
        ObjectNode attached = attachedDisk(disk, 0, true, boot.path("autoDelete").asBoolean(false));
        ObjectNode instance = newInstance(zone, name, body, List.of(attached));
        instances.put(zone + "/" + name, instance);
        if (loseNextInsertAnswer) {
            loseNextInsertAnswer = false;
            instance.put("status", "RUNNING");
            throw new FakeApiError(503, "backendError", "Backend Error");
        }
        return startOperation(zone, "insert", link, () -> instance.put("status", "RUNNING"));
    }

    private ObjectNode newInstance(String zone, String name, JsonNode body, List<ObjectNode> attached) {
        ObjectNode instance = Shapes.copy("compute-v1/instance");
        long id = ids.incrementAndGet();
        instance.put("id", Long.toString(id)).put("name", name).put("creationTimestamp", now())
                .put("status", "PROVISIONING").put("zone", zoneLink(zone))
                .put("machineType", zoneLink(zone) + "/machineTypes/" + lastSegment(body.path("machineType").asText()))
                .put("selfLink", zoneLink(zone) + "/instances/" + name);
        if (body.hasNonNull("hostname")) {
            instance.put("hostname", body.path("hostname").asText());
        } else {
            instance.remove("hostname");
        }
        ObjectNode tags = instance.putObject("tags");
        tags.set("items", body.path("tags").path("items").deepCopy());
        ObjectNode labels = instance.putObject("labels");
        body.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        instance.put("labelFingerprint", fingerprint(labels));
        ObjectNode nic = (ObjectNode) instance.withArray("networkInterfaces").get(0);
        JsonNode wanted = body.path("networkInterfaces").path(0);
        nic.put("network", LINK + "projects/" + project + "/global/networks/"
                + lastSegment(wanted.path("network").asText("default")));
        if (wanted.hasNonNull("subnetwork")) {
            nic.put("subnetwork", wanted.path("subnetwork").asText());
        }
        nic.put("networkIP", "10.138." + (id / 250 % 250) + "." + (id % 250 + 2));
        ArrayNode list = instance.putArray("disks");
        attached.forEach(list::add);
        return instance;
    }

    private void deleteInstance(String zone, String name, ObjectNode instance) {
        instances.remove(zone + "/" + name);
        for (JsonNode a : instance.path("disks")) {
            String key = zone + "/" + lastSegment(a.path("source").asText());
            if (a.path("autoDelete").asBoolean()) {
                disks.remove(key);
            } else if (disks.containsKey(key)) {
                disks.get(key).putArray("users");
            }
        }
    }

    private JsonNode setLabels(String zone, ObjectNode instance, JsonNode body) {
        if (beforeNextSetLabels != null) {
            Runnable race = beforeNextSetLabels;
            beforeNextSetLabels = null;
            race.run();
        }
        if (!instance.path("labelFingerprint").asText().equals(body.path("labelFingerprint").asText())) {
            throw new FakeApiError(412, "conditionNotMet", "Labels fingerprint either invalid or resource labels "
                    + "have changed");
        }
        checkLabels(body.path("labels"));
        ObjectNode labels = instance.putObject("labels");
        body.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        instance.put("labelFingerprint", fingerprint(labels));
        return startOperation(zone, "setLabels", instance.path("selfLink").asText(), null);
    }

    private JsonNode attachDisk(String zone, ObjectNode instance, JsonNode body) {
        String diskName = lastSegment(body.path("source").asText());
        ObjectNode disk = disks.get(zone + "/" + diskName);
        if (disk == null) {
            throw FakeApiError.notFound("projects/" + project + "/zones/" + zone + "/disks/" + diskName);
        }
        if (!disk.path("users").isEmpty()) {
            throw inUse(disk);
        }
        ArrayNode attached = instance.withArray("disks");
        int index = 0;
        for (JsonNode a : attached) {
            index = Math.max(index, a.path("index").asInt() + 1);
        }
        boolean boot = body.path("boot").asBoolean(false);
        attached.add(attachedDisk(disk, boot ? 0 : index, boot, body.path("autoDelete").asBoolean(false)));
        disk.withArray("users").add(instance.path("selfLink").asText());
        return startOperation(zone, "attachDisk", instance.path("selfLink").asText(), null);
    }

    private JsonNode detachDisk(String zone, ObjectNode instance, String deviceName) {
        ArrayNode attached = instance.withArray("disks");
        for (int i = 0; i < attached.size(); i++) {
            JsonNode a = attached.get(i);
            if (a.path("deviceName").asText().equals(deviceName)) {
                if (a.path("boot").asBoolean() && !instance.path("status").asText().equals("TERMINATED")) {
                    throw new FakeApiError(400, "resourceNotReady", "The instance must be stopped to detach its "
                            + "boot disk");
                }
                attached.remove(i);
                ObjectNode disk = disks.get(zone + "/" + lastSegment(a.path("source").asText()));
                if (disk != null) {
                    disk.putArray("users");
                }
                return startOperation(zone, "detachDisk", instance.path("selfLink").asText(), null);
            }
        }
        throw FakeApiError.invalid("No attached disk found with device name '" + deviceName + "'");
    }

    private JsonNode disks(String method, String zone, List<String> rest, Map<String, String> query, JsonNode body) {
        if (rest.size() == 1) {
            return method.equals("POST") ? insertDisk(zone, body) : list("compute#diskList", values(disks, zone), query);
        }
        String name = rest.get(1);
        ObjectNode disk = disks.get(zone + "/" + name);
        if (disk == null) {
            throw FakeApiError.notFound("projects/" + project + "/zones/" + zone + "/disks/" + name);
        }
        if (rest.size() == 3 && rest.get(2).equals("createSnapshot")) {
            return createSnapshot(zone, disk, body);
        }
        if (method.equals("GET")) {
            return disk.deepCopy();
        }
        if (!disk.path("users").isEmpty()) {
            throw inUse(disk);
        }
        disks.remove(zone + "/" + name);
        return startOperation(zone, "delete", disk.path("selfLink").asText(), null);
    }

    private JsonNode insertDisk(String zone, JsonNode body) {
        String name = body.path("name").asText();
        checkName(name);
        checkLabels(body.path("labels"));
        if (disks.containsKey(zone + "/" + name)) {
            throw FakeApiError.alreadyExists("projects/" + project + "/zones/" + zone + "/disks/" + name);
        }
        String size = body.path("sizeGb").asText("10");
        if (body.hasNonNull("sourceSnapshot")) {
            ObjectNode snapshot = snapshots.get(lastSegment(body.path("sourceSnapshot").asText()));
            if (snapshot == null) {
                throw FakeApiError.notFound(body.path("sourceSnapshot").asText());
            }
            size = snapshot.path("diskSizeGb").asText();
        }
        ObjectNode disk = newDisk(zone, name, size, body.path("labels"), body.path("type").asText(""));
        if (body.hasNonNull("sourceSnapshot")) {
            disk.put("sourceSnapshot", body.path("sourceSnapshot").asText());
        }
        disks.put(zone + "/" + name, disk);
        return startOperation(zone, "insert", disk.path("selfLink").asText(), null);
    }

    private JsonNode createSnapshot(String zone, ObjectNode disk, JsonNode body) {
        String name = body.path("name").asText();
        checkName(name);
        checkLabels(body.path("labels"));
        if (snapshots.containsKey(name)) {
            throw FakeApiError.alreadyExists("projects/" + project + "/global/snapshots/" + name);
        }
        ObjectNode snapshot = Shapes.copy("compute-v1/snapshot");
        snapshot.put("id", Long.toString(ids.incrementAndGet())).put("name", name).put("creationTimestamp", now())
                .put("sourceDisk", disk.path("selfLink").asText()).put("sourceDiskId", disk.path("id").asText())
                .put("diskSizeGb", disk.path("sizeGb").asText())
                .put("selfLink", LINK + "projects/" + project + "/global/snapshots/" + name);
        snapshot.set("labels", body.path("labels").deepCopy());
        snapshots.put(name, snapshot);
        return startOperation(zone, "createSnapshot", disk.path("selfLink").asText(), null);
    }

    private static FakeApiError inUse(JsonNode disk) {
        return new FakeApiError(400, "resourceInUseByAnotherResource", "The disk resource '"
                + disk.path("selfLink").asText() + "' is already being used by '"
                + disk.path("users").path(0).asText() + "'");
    }

    private ObjectNode newDisk(String zone, String name, String sizeGb, JsonNode labels, String type) {
        ObjectNode disk = Shapes.copy("compute-v1/disk");
        disk.put("id", Long.toString(ids.incrementAndGet())).put("name", name).put("sizeGb", sizeGb)
                .put("creationTimestamp", now()).put("zone", zoneLink(zone))
                .put("selfLink", zoneLink(zone) + "/disks/" + name)
                .put("type", type.isEmpty() ? zoneLink(zone) + "/diskTypes/pd-standard" : type);
        disk.remove("sourceImage");
        disk.set("labels", labels.isMissingNode() ? Shapes.json().createObjectNode() : labels.deepCopy());
        disk.putArray("users");
        return disk;
    }

    private static ObjectNode attachedDisk(ObjectNode disk, int index, boolean boot, boolean autoDelete) {
        ObjectNode attached = (ObjectNode) Shapes.copy("compute-v1/instance").withArray("disks").get(0);
        return attached.put("source", disk.path("selfLink").asText()).put("deviceName", disk.path("name").asText())
                .put("index", index).put("boot", boot).put("autoDelete", autoDelete)
                .put("diskSizeGb", disk.path("sizeGb").asText());
    }

    private JsonNode list(String kind, Iterable<ObjectNode> all, Map<String, String> query) {
        LabelFilter filter = LabelFilter.parse(query.get("filter"));
        List<ObjectNode> matching = new ArrayList<>();
        all.forEach(r -> {
            if (filter.matches(r)) {
                matching.add(r);
            }
        });
        int from = Integer.parseInt(query.getOrDefault("pageToken", "0"));
        int size = Math.min(pageSize, Integer.parseInt(query.getOrDefault("maxResults", "500")));
        ObjectNode page = Shapes.copy("compute-v1/list");
        page.put("kind", kind);
        page.remove("items");
        page.remove("nextPageToken");
        if (from < matching.size()) {
            ArrayNode items = page.putArray("items");
            matching.subList(from, Math.min(matching.size(), from + size)).forEach(r -> items.add(r.deepCopy()));
        }
        if (from + size < matching.size()) {
            page.put("nextPageToken", Integer.toString(from + size));
        }
        return page;
    }

    private JsonNode startOperation(String zone, String type, String target, Runnable onDone) {
        ObjectNode op = Shapes.copy("compute-v1/operation");
        String name = "operation-" + ids.incrementAndGet();
        op.put("id", Long.toString(ids.get())).put("name", name).put("operationType", type).put("targetLink", target)
                .put("status", "PENDING").put("insertTime", now()).put("startTime", now());
        if (zone == null) {
            op.remove("zone");
            op.put("selfLink", LINK + "projects/" + project + "/global/operations/" + name);
        } else {
            op.put("zone", zoneLink(zone)).put("selfLink", zoneLink(zone) + "/operations/" + name);
        }
        operations.put((zone == null ? "global" : zone) + "/" + name, new Operation(op, onDone));
        return op.deepCopy();
    }

    private JsonNode failedOperation(String zone, String type, String target, String code) {
        JsonNode started = startOperation(zone, type, target, null);
        Operation op = operations.get(zone + "/" + started.path("name").asText());
        ObjectNode failure = Shapes.copy("compute-v1/operation-error");
        ObjectNode error = (ObjectNode) failure.path("error").path("errors").get(0);
        error.put("code", code);
        if (code.startsWith("ZONE_RESOURCE_POOL_EXHAUSTED")) {
            error.put("message", "The zone 'projects/" + project + "/zones/" + zone + "' does not have enough "
                    + "resources available to fulfill the request.  Try a different zone, or try again later.");
            failure.put("httpErrorStatusCode", 503).put("httpErrorMessage", "SERVICE UNAVAILABLE");
        }
        op.body.setAll(failure);
        op.body.put("status", "DONE").put("progress", 100).put("endTime", now());
        return op.body.deepCopy();
    }

    /** A poll ({@code get}) or {@code wait} of an operation: it moves one step on unless operations are held. */
    private JsonNode operation(String key, boolean waiting) {
        Operation op = operations.get(key);
        if (op == null) {
            throw FakeApiError.notFound("projects/" + project + "/operations/" + key);
        }
        String status = op.body.path("status").asText();
        if (holdOperations && !status.equals("DONE")) {
            op.body.put("status", "RUNNING");
            if (waiting) {
                pauseBriefly();
            }
        } else if (status.equals("PENDING")) {
            op.body.put("status", "RUNNING").put("progress", 50);
        } else if (status.equals("RUNNING")) {
            op.body.put("status", "DONE").put("progress", 100).put("endTime", now());
            if (op.onDone != null) {
                op.onDone.run();
            }
        }
        return op.body.deepCopy();
    }

    private void pauseBriefly() {
        try {
            wait(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String zoneLink(String zone) {
        return LINK + "projects/" + project + "/zones/" + zone;
    }

    private static List<ObjectNode> values(Map<String, ObjectNode> byZone, String zone) {
        List<ObjectNode> in = new ArrayList<>();
        byZone.forEach((k, v) -> {
            if (k.startsWith(zone + "/")) {
                in.add(v);
            }
        });
        return in;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw FakeApiError.invalid("Invalid value for field 'resource.name': '" + name + "'. Must be a match of "
                    + "regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
        }
    }

    private static void checkLabels(JsonNode labels) {
        labels.properties().forEach(e -> {
            if (!LABEL.matcher(e.getKey()).matches() || e.getKey().isEmpty()
                    || !LABEL.matcher(e.getValue().asText()).matches()) {
                throw FakeApiError.invalid("Invalid value for field 'resource.labels': '" + e.getKey() + "'");
            }
        });
    }

    static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String fingerprint(JsonNode labels) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(labels.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(Arrays.copyOf(hash, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String now() {
        return OffsetDateTime.now().toString();
    }
}
