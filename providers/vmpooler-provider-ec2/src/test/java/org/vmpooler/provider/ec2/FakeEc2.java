package org.vmpooler.provider.ec2;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful stand-in for EC2 (and the one SSM call the provider makes) at the HTTP boundary, on 127.0.0.1: it
 * speaks the EC2 Query API of version 2016-11-15 as the AWS SDK sends it (form-encoded {@code Action=…},
 * signed) and answers in the XML shapes recorded under {@code src/test/resources/ec2-2016-11-15}. Instances,
 * volumes and snapshots change state after {@link #settleTime} as EC2's do asynchronously. Faults can be
 * switched on: no capacity in chosen subnets, throttling of the next calls. Signatures are not verified, but a
 * request must be signed and name a known action of this API version.
 */
public final class FakeEc2 implements AutoCloseable {
    public static final String VERSION = "2016-11-15";
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/" + VERSION + "/";
    public static final String REGION = "us-east-1";
    /** Instance types the fake knows; anything else is refused as EC2 refuses an unknown type. */
    public static final Set<String> INSTANCE_TYPES = Set.of("t3.micro", "t3.small", "t3.medium", "m5.large");
    private static final int PAGE_SIZE = 5;
    private static final Pattern ACTION = Pattern.compile("[A-Z][A-Za-z0-9]+");

    /** An EC2 error answer. */
    static final class Ec2Error extends RuntimeException {
        final int status;
        final String code;

        Ec2Error(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final class Inst {
        String id, reservation, imageId, type, subnet, zone, ip, token;
        String state = "pending";
        Instant since;
        Instant launched;
        final Map<String, String> tags = new LinkedHashMap<>();
        /** device → volume id, in attachment order. */
        final Map<String, String> devices = new LinkedHashMap<>();
    }

    private static final class Vol {
        String id, zone, type, snapshot, instance, device;
        int size;
        boolean deleteOnTermination;
        String state = "creating";
        Instant since;
        final Map<String, String> tags = new LinkedHashMap<>();
    }

    private static final class Snap {
        String id, volume, description;
        int size;
        String state = "pending";
        Instant since;
        final Map<String, String> tags = new LinkedHashMap<>();
    }

    private record Image(String id, String rootDevice, int size) {
    }

    private final HttpServer server;
    private final Object lock = new Object();
    private final Map<String, Inst> instances = new LinkedHashMap<>();
    private final Map<String, Vol> volumes = new LinkedHashMap<>();
    private final Map<String, Snap> snapshots = new LinkedHashMap<>();
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, String> subnets = new LinkedHashMap<>();
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Set<String> fullSubnets = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, String>> lastRequests = new ConcurrentHashMap<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger(0x1000);
    private volatile Duration settleTime = Duration.ofMillis(100);

    private FakeEc2() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
    }

    /** A fake with two subnets in two zones and one AMI, {@code ami-0fake0debian}, at /dev/xvda. */
    public static FakeEc2 start() throws IOException {
        FakeEc2 fake = new FakeEc2();
        fake.subnet("subnet-0aaa", REGION + "a").subnet("subnet-0bbb", REGION + "b");
        fake.image("ami-0fake0debian", "/dev/xvda", 8);
        fake.server.start();
        return fake;
    }

    public FakeEc2 subnet(String id, String zone) {
        synchronized (lock) {
            subnets.put(id, zone);
        }
        return this;
    }

    public FakeEc2 image(String id, String rootDevice, int sizeGb) {
        synchronized (lock) {
            images.put(id, new Image(id, rootDevice, sizeGb));
        }
        return this;
    }

    /** An SSM parameter, such as the path of the latest AMI. */
    public FakeEc2 parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /** How long pending, stopping, shutting-down and creating states last. */
    public FakeEc2 settleTime(Duration time) {
        settleTime = time;
        return this;
    }

    /** Launches in these subnets fail with {@code InsufficientInstanceCapacity} until {@link #capacityRestored}. */
    public void noCapacityIn(String... subnetIds) {
        fullSubnets.addAll(List.of(subnetIds));
    }

    public void capacityRestored() {
        fullSubnets.clear();
    }

    /** The next {@code count} requests are refused with {@code RequestLimitExceeded}. */
    public void throttleNext(int count) {
        throttleNext.set(count);
    }

    /** How many requests were refused with {@code RequestLimitExceeded}. */
    public int throttled() {
        return throttled.get();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The parameters of the last request of an action that the fake answered. */
    public Map<String, String> lastRequest(String action) {
        return lastRequests.getOrDefault(action, Map.of());
    }

    /** Instances not terminated, by id: what a test must find empty once everything was destroyed. */
    public Map<String, String> liveInstances() {
        synchronized (lock) {
            settle();
            Map<String, String> live = new LinkedHashMap<>();
            instances.values().stream().filter(i -> !i.state.equals("terminated"))
                    .forEach(i -> live.put(i.id, i.tags.getOrDefault("vm", "") + " (" + i.state + ")"));
            return live;
        }
    }

    public Set<String> volumeIds() {
        synchronized (lock) {
            settle();
            return new HashSet<>(volumes.keySet());
        }
    }

    public Set<String> snapshotIds() {
        synchronized (lock) {
            return new HashSet<>(snapshots.keySet());
        }
    }

    /** The subnet each live instance of the VM tag {@code vm} runs in. */
    public Optional<String> subnetOf(String vm) {
        synchronized (lock) {
            return instances.values().stream().filter(i -> vm.equals(i.tags.get("vm"))
                    && !i.state.equals("terminated")).map(i -> i.subnet).findFirst();
        }
    }

    /** Tags of the live instance of the VM tag {@code vm}. */
    public Map<String, String> tagsOf(String vm) {
        synchronized (lock) {
            return instances.values().stream().filter(i -> vm.equals(i.tags.get("vm"))
                    && !i.state.equals("terminated")).map(i -> Map.copyOf(i.tags)).findFirst().orElse(Map.of());
        }
    }

    /** Volume ids attached to the live instance of the VM tag {@code vm}, by device. */
    public Map<String, String> devicesOf(String vm) {
        synchronized (lock) {
            settle();
            return instances.values().stream().filter(i -> vm.equals(i.tags.get("vm"))
                    && !i.state.equals("terminated")).map(i -> Map.copyOf(i.devices)).findFirst().orElse(Map.of());
        }
    }

    /** Simulates a launch whose caller died before it got the answer: a pending instance with the VM's tags. */
    public void launchLeftPending(Map<String, String> tags) {
        synchronized (lock) {
            Inst inst = newInstance("ami-0fake0debian", "t3.micro", subnets.keySet().iterator().next(), null);
            inst.tags.putAll(tags);
            inst.since = Instant.now().plus(Duration.ofDays(1));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String action = target != null ? target : QueryParams.parse(body).get("Action").orElse("");
        try {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                throw new Ec2Error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
            }
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throttled.incrementAndGet();
                throw new Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
            }
            if (target != null) {
                reply(exchange, 200, "application/x-amz-json-1.1", ssm(target, body));
                return;
            }
            QueryParams params = QueryParams.parse(body);
            if (!"POST".equals(exchange.getRequestMethod()) || !ACTION.matcher(action).matches()) {
                throw new Ec2Error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
            }
            if (!VERSION.equals(params.get("Version").orElse(""))) {
                throw new Ec2Error(400, "InvalidParameterValue", "Version must be " + VERSION);
            }
            String xml;
            synchronized (lock) {
                settle();
                xml = answer(action, params);
            }
            lastRequests.put(action, Map.copyOf(params.values()));
            reply(exchange, 200, "text/xml;charset=UTF-8", xml);
        } catch (Ec2Error e) {
            if (target != null) {
                reply(exchange, e.status, "application/x-amz-json-1.1",
                        "{\"__type\":\"" + e.code + "\",\"message\":\"" + e.getMessage() + "\"}");
            } else {
                reply(exchange, e.status, "text/xml;charset=UTF-8", errorXml(e.code, e.getMessage()));
            }
        }
    }

    /** EC2's error document (the same for every action). */
    static String errorXml(String code, String message) {
        return Xml.document("Response", null, x -> x
                .el("Errors", e -> e.el("Error", y -> y.text("Code", code).text("Message", message)))
                .text("RequestID", java.util.UUID.randomUUID()));
    }

    private String ssm(String target, String body) {
        if (!target.equals("AmazonSSM.GetParameter")) {
            throw new Ec2Error(400, "UnknownOperationException", "Unknown operation " + target);
        }
        Matcher name = Pattern.compile("\"Name\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!name.find()) {
            throw new Ec2Error(400, "ValidationException", "Name is required");
        }
        String value = parameters.get(name.group(1));
        if (value == null) {
            throw new Ec2Error(400, "ParameterNotFound", "Parameter " + name.group(1) + " not found.");
        }
        return "{\"Parameter\":{\"Name\":\"" + name.group(1) + "\",\"Type\":\"String\",\"Value\":\"" + value
                + "\",\"Version\":1,\"DataType\":\"aws:ec2:image\"}}";
    }

    private String answer(String action, QueryParams p) {
        return switch (action) {
            case "RunInstances" -> runInstances(p);
            case "DescribeInstances" -> describeInstances(p);
            case "TerminateInstances" -> changeInstances(p, "TerminateInstances", "shutting-down");
            case "StopInstances" -> changeInstances(p, "StopInstances", "stopping");
            case "StartInstances" -> changeInstances(p, "StartInstances", "pending");
            case "CreateTags" -> createTags(p);
            case "CreateVolume" -> createVolume(p);
            case "AttachVolume" -> attachVolume(p);
            case "DetachVolume" -> detachVolume(p);
            case "ModifyInstanceAttribute" -> modifyInstanceAttribute(p);
            case "DescribeVolumes" -> describeVolumes(p);
            case "DeleteVolume" -> deleteVolume(p);
            case "CreateSnapshot" -> createSnapshot(p);
            case "DescribeSnapshots" -> describeSnapshots(p);
            case "DeleteSnapshot" -> deleteSnapshot(p);
            case "DescribeImages" -> describeImages(p);
            default -> throw new Ec2Error(400, "InvalidAction", "The action " + action
                    + " is not valid for this web service.");
        };
    }

    private String runInstances(QueryParams p) {
        String imageId = p.required("ImageId");
        Image image = images.get(imageId);
        if (image == null) {
            throw new Ec2Error(400, "InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
        }
        String type = p.get("InstanceType").orElse("m1.small");
        if (!INSTANCE_TYPES.contains(type)) {
            throw new Ec2Error(400, "InvalidParameterValue", "Invalid value '" + type + "' for InstanceType.");
        }
        if (!p.required("MinCount").equals("1") || !p.required("MaxCount").equals("1")) {
            throw new Ec2Error(400, "InvalidParameterValue", "the fake launches one instance at a time");
        }
        String subnet = p.get("SubnetId").orElse(subnets.keySet().iterator().next());
        if (!subnets.containsKey(subnet)) {
            throw new Ec2Error(400, "InvalidSubnetID.NotFound", "The subnet ID '" + subnet + "' does not exist");
        }
        Optional<String> token = p.get("ClientToken");
        if (token.isPresent()) {
            Optional<Inst> earlier = instances.values().stream().filter(i -> token.get().equals(i.token)).findFirst();
            if (earlier.isPresent()) {
                return reservation("RunInstancesResponse", List.of(earlier.get()));
            }
        }
        if (fullSubnets.contains(subnet)) {
            throw new Ec2Error(500, "InsufficientInstanceCapacity", "We currently do not have sufficient " + type
                    + " capacity in the Availability Zone you requested (" + subnets.get(subnet) + "). Our system"
                    + " will be working on provisioning additional capacity.");
        }
        if (!"terminate".equals(p.get("InstanceInitiatedShutdownBehavior").orElse("stop"))) {
            throw new Ec2Error(400, "InvalidParameterValue", "the fake expects instance-initiated shutdown to terminate");
        }
        Map<String, Map<String, String>> tagsByType = new LinkedHashMap<>();
        for (QueryParams spec : p.structs("TagSpecification")) {
            tagsByType.put(spec.required("ResourceType"), spec.tags("Tag"));
        }
        int rootSize = image.size();
        for (QueryParams mapping : p.structs("BlockDeviceMapping")) {
            if (!mapping.required("DeviceName").equals(image.rootDevice())) {
                throw new Ec2Error(400, "InvalidBlockDeviceMapping", "the fake maps only the root device");
            }
            rootSize = mapping.get("Ebs.VolumeSize").map(Integer::parseInt).orElse(rootSize);
        }
        Inst inst = newInstance(imageId, type, subnet, token.orElse(null));
        inst.tags.putAll(tagsByType.getOrDefault("instance", Map.of()));
        Vol root = newVolume(inst.zone, rootSize, null);
        root.tags.putAll(tagsByType.getOrDefault("volume", Map.of()));
        attach(root, inst, image.rootDevice(), true);
        root.state = "in-use";
        return reservation("RunInstancesResponse", List.of(inst));
    }

    private Inst newInstance(String imageId, String type, String subnet, String token) {
        Inst inst = new Inst();
        int n = ids.incrementAndGet();
        inst.id = "i-0" + Integer.toHexString(n) + "fa4e";
        inst.reservation = "r-0" + Integer.toHexString(n) + "fa4e";
        inst.imageId = imageId;
        inst.type = type;
        inst.subnet = subnet;
        inst.zone = subnets.get(subnet);
        inst.ip = "10.0." + (n >> 8 & 0xff) + "." + (n & 0xff);
        inst.token = token;
        inst.since = Instant.now();
        inst.launched = inst.since.truncatedTo(ChronoUnit.SECONDS);
        instances.put(inst.id, inst);
        return inst;
    }

    private Vol newVolume(String zone, int size, String snapshot) {
        Vol vol = new Vol();
        vol.id = "vol-0" + Integer.toHexString(ids.incrementAndGet()) + "fa4e";
        vol.zone = zone;
        vol.size = size;
        vol.type = "gp3";
        vol.snapshot = snapshot;
        vol.since = Instant.now();
        volumes.put(vol.id, vol);
        return vol;
    }

    private static void attach(Vol vol, Inst inst, String device, boolean deleteOnTermination) {
        vol.instance = inst.id;
        vol.device = device;
        vol.deleteOnTermination = deleteOnTermination;
        vol.state = "in-use";
        inst.devices.put(device, vol.id);
    }

    /** Moves every resource whose transition has lasted {@link #settleTime} to its next state. */
    private void settle() {
        Instant ripe = Instant.now().minus(settleTime);
        for (Inst inst : instances.values()) {
            if (inst.since.isAfter(ripe)) {
                continue;
            }
            switch (inst.state) {
                case "pending" -> inst.state = "running";
                case "stopping" -> inst.state = "stopped";
                case "shutting-down" -> {
                    inst.state = "terminated";
                    for (String volumeId : inst.devices.values()) {
                        Vol vol = volumes.get(volumeId);
                        if (vol.deleteOnTermination) {
                            volumes.remove(volumeId);
                        } else {
                            vol.instance = null;
                            vol.device = null;
                            vol.state = "available";
                        }
                    }
                    inst.devices.clear();
                }
                default -> {
                }
            }
        }
        volumes.values().stream().filter(v -> v.state.equals("creating") && !v.since.isAfter(ripe))
                .forEach(v -> v.state = "available");
        snapshots.values().stream().filter(s -> s.state.equals("pending") && !s.since.isAfter(ripe))
                .forEach(s -> s.state = "completed");
    }

    private String describeInstances(QueryParams p) {
        List<String> wanted = p.list("InstanceId");
        for (String id : wanted) {
            if (!instances.containsKey(id)) {
                throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
            }
        }
        Predicate<Inst> filter = filters(p, (inst, name) -> switch (name) {
            case "instance-state-name" -> Optional.of(List.of(inst.state));
            case "subnet-id" -> Optional.of(List.of(inst.subnet));
            default -> tagFilter(inst.tags, name);
        });
        List<Inst> matching = instances.values().stream()
                .filter(i -> wanted.isEmpty() || wanted.contains(i.id)).filter(filter).toList();
        Page<Inst> page = page(matching, p);
        return Xml.document("DescribeInstancesResponse", NAMESPACE, x -> {
            x.text("requestId", java.util.UUID.randomUUID());
            x.set("reservationSet", page.items(), (r, inst) -> reservationBody(r, List.of(inst)));
            page.next().ifPresent(next -> x.text("nextToken", next));
        });
    }

    private String reservation(String root, List<Inst> members) {
        return Xml.document(root, NAMESPACE, x -> {
            x.text("requestId", java.util.UUID.randomUUID());
            reservationBody(x, members);
        });
    }

    private void reservationBody(Xml x, List<Inst> members) {
        x.text("reservationId", members.getFirst().reservation).text("ownerId", "123456789012")
                .el("groupSet", g -> { })
                .set("instancesSet", members, this::instanceXml);
    }

    private void instanceXml(Xml x, Inst inst) {
        x.text("instanceId", inst.id).text("imageId", inst.imageId)
                .el("instanceState", s -> s.text("code", stateCode(inst.state)).text("name", inst.state))
                .text("privateDnsName", "ip-" + inst.ip.replace('.', '-') + ".ec2.internal")
                .text("dnsName", "")
                .text("amiLaunchIndex", 0)
                .text("instanceType", inst.type)
                .text("launchTime", inst.launched)
                .el("placement", pl -> pl.text("availabilityZone", inst.zone).text("tenancy", "default"))
                .el("monitoring", m -> m.text("state", "disabled"))
                .text("subnetId", inst.subnet)
                .text("vpcId", "vpc-0fa4e")
                .text("privateIpAddress", inst.ip)
                .text("architecture", "x86_64")
                .text("rootDeviceType", "ebs")
                .text("rootDeviceName", images.get(inst.imageId).rootDevice())
                .set("blockDeviceMapping", inst.devices.entrySet(), (b, d) -> b.text("deviceName", d.getKey())
                        .el("ebs", e -> e.text("volumeId", d.getValue()).text("status", "attached")
                                .text("attachTime", inst.launched)
                                .text("deleteOnTermination", volumes.get(d.getValue()).deleteOnTermination)))
                .text("instanceInitiatedShutdownBehavior", "terminate");
        if (!inst.tags.isEmpty()) {
            x.tagSet(inst.tags);
        }
    }

    /** EC2's instance state codes: the high byte is internal, the low byte the state. */
    private static int stateCode(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            case "stopped" -> 80;
            default -> throw new IllegalStateException(state);
        };
    }

    private String changeInstances(QueryParams p, String action, String next) {
        List<String> ids = p.list("InstanceId");
        List<String[]> changes = new ArrayList<>();
        for (String id : ids) {
            Inst inst = instances.get(id);
            if (inst == null) {
                throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
            }
            String previous = inst.state;
            String now = switch (action) {
                case "TerminateInstances" -> previous.equals("terminated") || previous.equals("shutting-down")
                        ? previous : next;
                case "StopInstances" -> previous.equals("running") || previous.equals("pending") ? next
                        : previous.equals("stopped") || previous.equals("stopping") ? previous : null;
                default -> previous.equals("stopped") ? next
                        : previous.equals("running") || previous.equals("pending") ? previous : null;
            };
            if (now == null) {
                throw new Ec2Error(400, "IncorrectInstanceState", "The instance '" + id + "' is not in a state from"
                        + " which it can be " + (action.equals("StopInstances") ? "stopped" : "started") + ".");
            }
            if (!now.equals(previous)) {
                inst.state = now;
                inst.since = Instant.now();
            }
            changes.add(new String[] {id, previous, inst.state});
        }
        return Xml.document(action + "Response", NAMESPACE, x -> x.text("requestId", java.util.UUID.randomUUID())
                .set("instancesSet", changes, (i, c) -> i.text("instanceId", c[0])
                        .el("currentState", s -> s.text("code", stateCode(c[2])).text("name", c[2]))
                        .el("previousState", s -> s.text("code", stateCode(c[1])).text("name", c[1]))));
    }

    private String createTags(QueryParams p) {
        Map<String, String> tags = p.tags("Tag");
        for (String id : p.list("ResourceId")) {
            Map<String, String> target = id.startsWith("i-") && instances.containsKey(id) ? instances.get(id).tags
                    : id.startsWith("vol-") && volumes.containsKey(id) ? volumes.get(id).tags
                    : id.startsWith("snap-") && snapshots.containsKey(id) ? snapshots.get(id).tags : null;
            if (target == null) {
                throw new Ec2Error(400, "InvalidID", "The ID '" + id + "' is not valid");
            }
            target.putAll(tags);
        }
        return returnTrue("CreateTags");
    }

    private String createVolume(QueryParams p) {
        String zone = p.required("AvailabilityZone");
        if (!subnets.containsValue(zone)) {
            throw new Ec2Error(400, "InvalidParameterValue", "Invalid availability zone: [" + zone + "]");
        }
        Optional<String> snapshotId = p.get("SnapshotId");
        Snap snap = snapshotId.map(id -> Optional.ofNullable(snapshots.get(id)).orElseThrow(() ->
                new Ec2Error(400, "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist."))).orElse(null);
        int size = p.get("Size").map(Integer::parseInt).orElseGet(() -> {
            if (snap == null) {
                throw new Ec2Error(400, "MissingParameter", "The request must contain the parameter size or snapshotId");
            }
            return snap.size;
        });
        Vol vol = newVolume(zone, size, snapshotId.orElse(null));
        p.get("VolumeType").ifPresent(t -> vol.type = t);
        for (QueryParams spec : p.structs("TagSpecification")) {
            vol.tags.putAll(spec.tags("Tag"));
        }
        return Xml.document("CreateVolumeResponse", NAMESPACE, x -> {
            x.text("requestId", java.util.UUID.randomUUID());
            volumeBody(x, vol);
        });
    }

    private void volumeBody(Xml x, Vol vol) {
        x.text("volumeId", vol.id).text("size", vol.size).text("snapshotId", vol.snapshot == null ? "" : vol.snapshot)
                .text("availabilityZone", vol.zone).text("status", vol.state)
                .text("createTime", vol.since.truncatedTo(ChronoUnit.SECONDS)).text("volumeType", vol.type)
                .text("encrypted", false);
        if (vol.instance != null) {
            x.set("attachmentSet", List.of(vol), (a, v) -> a.text("volumeId", v.id).text("instanceId", v.instance)
                    .text("device", v.device).text("status", "attached")
                    .text("attachTime", v.since.truncatedTo(ChronoUnit.SECONDS))
                    .text("deleteOnTermination", v.deleteOnTermination));
        }
        if (!vol.tags.isEmpty()) {
            x.tagSet(vol.tags);
        }
    }

    private Vol volume(String id) {
        Vol vol = volumes.get(id);
        if (vol == null) {
            throw new Ec2Error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
        }
        return vol;
    }

    private String attachVolume(QueryParams p) {
        Vol vol = volume(p.required("VolumeId"));
        String instanceId = p.required("InstanceId");
        Inst inst = instances.get(instanceId);
        if (inst == null || inst.state.equals("terminated")) {
            throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist");
        }
        String device = p.required("Device");
        if (!vol.state.equals("available")) {
            throw new Ec2Error(400, "IncorrectState", "vol '" + vol.id + "' is not 'available'.");
        }
        if (!vol.zone.equals(inst.zone)) {
            throw new Ec2Error(400, "InvalidVolume.ZoneMismatch", "The volume '" + vol.id
                    + "' is not in the same availability zone as instance '" + inst.id + "'");
        }
        if (inst.devices.containsKey(device)) {
            throw new Ec2Error(400, "InvalidParameterValue", "Invalid value '" + device
                    + "' for unixDevice. Attachment point " + device + " is already in use");
        }
        attach(vol, inst, device, false);
        return attachment("AttachVolumeResponse", vol.id, inst.id, device, "attaching");
    }

    private String detachVolume(QueryParams p) {
        Vol vol = volume(p.required("VolumeId"));
        if (vol.instance == null) {
            throw new Ec2Error(400, "IncorrectState", "Volume '" + vol.id + "' is in the 'available' state.");
        }
        Inst inst = instances.get(vol.instance);
        if (inst.state.equals("running") || inst.state.equals("pending")) {
            if (vol.device.equals(images.get(inst.imageId).rootDevice())) {
                throw new Ec2Error(400, "IncorrectState", "Unable to detach root volume '" + vol.id
                        + "' from instance '" + inst.id + "'");
            }
        }
        String answer = attachment("DetachVolumeResponse", vol.id, inst.id, vol.device, "detaching");
        inst.devices.remove(vol.device);
        vol.instance = null;
        vol.device = null;
        vol.state = "available";
        return answer;
    }

    /** The answer of actions that only say they worked. */
    private static String returnTrue(String action) {
        return Xml.document(action + "Response", NAMESPACE, x -> x.text("requestId", java.util.UUID.randomUUID())
                .text("return", true));
    }

    private static String attachment(String root, String volume, String instance, String device, String status) {
        return Xml.document(root, NAMESPACE, x -> x.text("requestId", java.util.UUID.randomUUID())
                .text("volumeId", volume).text("instanceId", instance).text("device", device).text("status", status)
                .text("attachTime", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    private String modifyInstanceAttribute(QueryParams p) {
        Inst inst = instances.get(p.required("InstanceId"));
        if (inst == null) {
            throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID does not exist");
        }
        for (QueryParams mapping : p.structs("BlockDeviceMapping")) {
            String volumeId = inst.devices.get(mapping.required("DeviceName"));
            if (volumeId == null) {
                throw new Ec2Error(400, "InvalidInstanceAttributeValue", "No device is currently mapped at "
                        + mapping.required("DeviceName"));
            }
            volumes.get(volumeId).deleteOnTermination = Boolean.parseBoolean(mapping.required("Ebs.DeleteOnTermination"));
        }
        return returnTrue("ModifyInstanceAttribute");
    }

    private String describeVolumes(QueryParams p) {
        List<String> wanted = p.list("VolumeId");
        wanted.forEach(this::volume);
        Predicate<Vol> filter = filters(p, (vol, name) -> switch (name) {
            case "status" -> Optional.of(List.of(vol.state));
            case "availability-zone" -> Optional.of(List.of(vol.zone));
            default -> tagFilter(vol.tags, name);
        });
        Page<Vol> page = page(volumes.values().stream().filter(v -> wanted.isEmpty() || wanted.contains(v.id))
                .filter(filter).toList(), p);
        return Xml.document("DescribeVolumesResponse", NAMESPACE, x -> {
            x.text("requestId", java.util.UUID.randomUUID());
            x.set("volumeSet", page.items(), this::volumeBody);
            page.next().ifPresent(next -> x.text("nextToken", next));
        });
    }

    private String deleteVolume(QueryParams p) {
        Vol vol = volume(p.required("VolumeId"));
        if (!vol.state.equals("available")) {
            throw new Ec2Error(400, "VolumeInUse", "Volume " + vol.id + " is currently attached to " + vol.instance);
        }
        volumes.remove(vol.id);
        return returnTrue("DeleteVolume");
    }

    private String createSnapshot(QueryParams p) {
        Vol vol = volume(p.required("VolumeId"));
        Snap snap = new Snap();
        snap.id = "snap-0" + Integer.toHexString(ids.incrementAndGet()) + "fa4e";
        snap.volume = vol.id;
        snap.size = vol.size;
        snap.description = p.get("Description").orElse("");
        snap.since = Instant.now();
        for (QueryParams spec : p.structs("TagSpecification")) {
            snap.tags.putAll(spec.tags("Tag"));
        }
        snapshots.put(snap.id, snap);
        return Xml.document("CreateSnapshotResponse", NAMESPACE, x -> {
            x.text("requestId", java.util.UUID.randomUUID());
            snapshotBody(x, snap);
        });
    }

    private void snapshotBody(Xml x, Snap snap) {
        x.text("snapshotId", snap.id).text("volumeId", snap.volume).text("status", snap.state)
                .text("startTime", snap.since.truncatedTo(ChronoUnit.SECONDS))
                .text("progress", snap.state.equals("completed") ? "100%" : "0%")
                .text("ownerId", "123456789012").text("volumeSize", snap.size).text("description", snap.description)
                .text("encrypted", false);
        if (!snap.tags.isEmpty()) {
            x.tagSet(snap.tags);
        }
    }

    private String describeSnapshots(QueryParams p) {
        List<String> wanted = p.list("SnapshotId");
        for (String id : wanted) {
            if (!snapshots.containsKey(id)) {
                throw new Ec2Error(400, "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
            }
        }
        Predicate<Snap> filter = filters(p, (snap, name) -> switch (name) {
            case "status" -> Optional.of(List.of(snap.state));
            default -> tagFilter(snap.tags, name);
        });
        Page<Snap> page = page(snapshots.values().stream().filter(s -> wanted.isEmpty() || wanted.contains(s.id))
                .filter(filter).toList(), p);
        return Xml.document("DescribeSnapshotsResponse", NAMESPACE, x -> {
            x.text("requestId", java.util.UUID.randomUUID());
            x.set("snapshotSet", page.items(), this::snapshotBody);
            page.next().ifPresent(next -> x.text("nextToken", next));
        });
    }

    private String deleteSnapshot(QueryParams p) {
        String id = p.required("SnapshotId");
        if (snapshots.remove(id) == null) {
            throw new Ec2Error(400, "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
        }
        return returnTrue("DeleteSnapshot");
    }

    private String describeImages(QueryParams p) {
        List<Image> found = new ArrayList<>();
        for (String id : p.list("ImageId")) {
            Image image = images.get(id);
            if (image == null) {
                throw new Ec2Error(400, "InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
            }
            found.add(image);
        }
        return Xml.document("DescribeImagesResponse", NAMESPACE, x -> x.text("requestId", java.util.UUID.randomUUID())
                .set("imagesSet", found, (i, image) -> i.text("imageId", image.id())
                        .text("imageLocation", "123456789012/" + image.id()).text("imageState", "available")
                        .text("imageOwnerId", "123456789012").text("isPublic", false).text("architecture", "x86_64")
                        .text("imageType", "machine").text("name", image.id()).text("rootDeviceType", "ebs")
                        .text("rootDeviceName", image.rootDevice())
                        .set("blockDeviceMapping", List.of(image), (b, im) -> b.text("deviceName", im.rootDevice())
                                .el("ebs", e -> e.text("snapshotId", "snap-0image").text("volumeSize", im.size())
                                        .text("deleteOnTermination", true).text("volumeType", "gp3")))
                        .text("virtualizationType", "hvm")));
    }

    private interface Field<T> {
        /** The values of filter {@code name} on {@code item}; empty when the fake does not know the filter. */
        Optional<List<String>> values(T item, String name);
    }

    private static <T> Predicate<T> filters(QueryParams p, Field<T> field) {
        List<QueryParams> filters = p.structs("Filter");
        return item -> {
            for (QueryParams filter : filters) {
                String name = filter.required("Name");
                List<String> accepted = filter.list("Value");
                List<String> actual = field.values(item, name).orElseThrow(() -> new Ec2Error(400,
                        "InvalidParameterValue", "The filter '" + name + "' is invalid"));
                if (actual.stream().noneMatch(accepted::contains)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Optional<List<String>> tagFilter(Map<String, String> tags, String name) {
        if (name.equals("tag-key")) {
            return Optional.of(List.copyOf(tags.keySet()));
        }
        if (name.startsWith("tag:")) {
            String value = tags.get(name.substring(4));
            return Optional.of(value == null ? List.of() : List.of(value));
        }
        return Optional.empty();
    }

    private record Page<T>(List<T> items, Optional<String> next) {
    }

    /** Pages of {@link #PAGE_SIZE}, so that every listing the provider makes has to follow {@code nextToken}. */
    private static <T> Page<T> page(List<T> all, QueryParams p) {
        int from = p.get("NextToken").map(Integer::parseInt).orElse(0);
        int to = Math.min(all.size(), from + PAGE_SIZE);
        return new Page<>(all.subList(Math.min(from, all.size()), to),
                to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
