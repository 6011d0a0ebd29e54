package org.vmpooler.provider.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.vmpooler.testkit.XmlShape;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * The recorded EC2 responses under {@code src/test/resources/ec2-2016-11-15} hold both sides of the fake
 * honest: the SDK reads each of them as the provider expects, and {@link FakeEc2} writes no element that the
 * recorded shape of the same action lacks.
 */
class RecordedShapesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String recorded(String action) {
        try (InputStream in = RecordedShapesTest.class.getResourceAsStream("/ec2-2016-11-15/" + action + ".xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("no recorded shape for " + action, e);
        }
    }

    @Test
    void theSdkReadsTheRecordedResponses() throws Exception {
        HttpServer replay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        replay.createContext("/", exchange -> {
            QueryParams params = QueryParams.parse(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            boolean fail = params.get("ImageId").filter("ami-0error"::equals).isPresent();
            byte[] body = recorded(fail ? "Error" : params.required("Action")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        replay.start();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + replay.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build()) {
            Instance launched = ec2.runInstances(r -> r.imageId("ami-0abcdef1234567890").minCount(1).maxCount(1))
                    .instances().getFirst();
            assertThat(launched.instanceId()).isEqualTo("i-0a1b2c3d4e5f6a7b8");
            assertThat(launched.state().name()).isEqualTo(InstanceStateName.PENDING);
            assertThat(InstanceTags.map(launched.tags())).containsEntry("vm", "gentle-otter-4k2");

            var described = ec2.describeInstances(r -> r.maxResults(5));
            Instance running = described.reservations().getFirst().instances().getFirst();
            assertThat(running.state().code()).isEqualTo(16);
            assertThat(running.privateIpAddress()).isEqualTo("10.0.1.25");
            assertThat(running.placement().availabilityZone()).isEqualTo("us-east-1a");
            assertThat(running.blockDeviceMappings().getFirst().ebs().volumeId()).isEqualTo("vol-0a1b2c3d4e5f6a7b8");
            assertThat(described.nextToken()).isNotBlank();

            assertThat(ec2.terminateInstances(r -> r.instanceIds("i-0a1b2c3d4e5f6a7b8")).terminatingInstances()
                    .getFirst().currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            assertThat(ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(80)).volumeId())
                    .isEqualTo("vol-1234567890abcdef0");
            assertThat(ec2.attachVolume(r -> r.volumeId("v").instanceId("i").device("/dev/sdf")).device())
                    .isEqualTo("/dev/sdf");
            assertThat(ec2.describeVolumes().volumes().getFirst().attachments().getFirst().deleteOnTermination())
                    .isTrue();
            assertThat(ec2.createSnapshot(r -> r.volumeId("v")).snapshotId()).isEqualTo("snap-1234567890abcdef0");
            assertThat(ec2.describeSnapshots().snapshots().getFirst().state()).isEqualTo(SnapshotState.COMPLETED);
            assertThat(ec2.describeImages(r -> r.imageIds("ami-0abcdef1234567890")).images().getFirst()
                    .rootDeviceName()).isEqualTo("/dev/xvda");
            assertThat(ec2.createTags(r -> r.resources("i")).sdkHttpResponse().isSuccessful()).isTrue();

            assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("ami-0error").minCount(1).maxCount(1)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientInstanceCapacity");
                        assertThat(e.statusCode()).isEqualTo(500);
                    });
        } finally {
            replay.stop(0);
        }
    }

    @Test
    void theFakeAnswersInTheRecordedShapes() throws Exception {
        try (FakeEc2 fake = FakeEc2.start().settleTime(java.time.Duration.ZERO)) {
            String run = call(fake, "RunInstances", Map.of("ImageId", Ec2Fixtures.AMI, "InstanceType", "t3.micro",
                    "MinCount", "1", "MaxCount", "1", "InstanceInitiatedShutdownBehavior", "terminate",
                    "TagSpecification.1.ResourceType", "instance", "TagSpecification.1.Tag.1.Key", "vm",
                    "TagSpecification.1.Tag.1.Value", "shape"));
            String instance = first(run, "instanceId");
            String volume = first(call(fake, "CreateVolume", Map.of("AvailabilityZone", "us-east-1a", "Size", "1",
                    "TagSpecification.1.ResourceType", "volume", "TagSpecification.1.Tag.1.Key", "vm",
                    "TagSpecification.1.Tag.1.Value", "shape")), "volumeId");
            call(fake, "DescribeVolumes", Map.of());
            call(fake, "AttachVolume", Map.of("VolumeId", volume, "InstanceId", instance, "Device", "/dev/sdf"));
            call(fake, "ModifyInstanceAttribute", Map.of("InstanceId", instance,
                    "BlockDeviceMapping.1.DeviceName", "/dev/sdf", "BlockDeviceMapping.1.Ebs.DeleteOnTermination",
                    "false"));
            call(fake, "DescribeInstances", Map.of("Filter.1.Name", "tag:vm", "Filter.1.Value.1", "shape"));
            call(fake, "DescribeVolumes", Map.of("VolumeId.1", volume));
            String snapshot = first(call(fake, "CreateSnapshot", Map.of("VolumeId", volume,
                    "TagSpecification.1.ResourceType", "snapshot", "TagSpecification.1.Tag.1.Key", "vm",
                    "TagSpecification.1.Tag.1.Value", "shape")), "snapshotId");
            call(fake, "DescribeSnapshots", Map.of("Owner.1", "self"));
            call(fake, "DescribeImages", Map.of("ImageId.1", Ec2Fixtures.AMI));
            call(fake, "CreateTags", Map.of("ResourceId.1", instance, "Tag.1.Key", "token-user", "Tag.1.Value", "a"));
            call(fake, "StopInstances", Map.of("InstanceId.1", instance));
            call(fake, "DescribeInstances", Map.of("InstanceId.1", instance));
            call(fake, "StartInstances", Map.of("InstanceId.1", instance));
            call(fake, "DetachVolume", Map.of("VolumeId", volume));
            call(fake, "DeleteVolume", Map.of("VolumeId", volume));
            call(fake, "DeleteSnapshot", Map.of("SnapshotId", snapshot));
            call(fake, "TerminateInstances", Map.of("InstanceId.1", instance));
            assertThat(XmlShape.of(call(fake, "Error", "RunInstances", Map.of("ImageId", "ami-0nothing", "MinCount", "1",
                    "MaxCount", "1")))).isSubsetOf(XmlShape.of(recorded("Error")));
        }
    }

    /** Sends one signed-looking Query API request and checks the answer's shape against the recording. */
    private static String call(FakeEc2 fake, String action, Map<String, String> params) throws Exception {
        String xml = call(fake, action, action, params);
        assertThat(XmlShape.of(xml)).as(action).isSubsetOf(XmlShape.of(recorded(action)));
        return xml;
    }

    private static String call(FakeEc2 fake, String label, String action, Map<String, String> params)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", FakeEc2.VERSION);
        form.putAll(params);
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(fake.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261120/us-east-1/ec2/aws4_request")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(label.equals("Error") ? 400 : 200);
        return response.body();
    }

    private static String first(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(xml);
        assertThat(m.find()).as(element + " in " + xml).isTrue();
        return m.group(1);
    }
}
