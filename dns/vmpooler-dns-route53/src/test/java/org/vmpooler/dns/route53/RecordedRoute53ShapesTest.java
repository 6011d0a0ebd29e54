package org.vmpooler.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.vmpooler.testkit.XmlShape;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * The recorded Route 53 responses under {@code src/test/resources/route53-2013-04-01}: the SDK reads them, and
 * {@link FakeRoute53} answers in no other shape.
 */
class RecordedRoute53ShapesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20261120/us-east-1/route53/aws4_request";

    private static String recorded(String operation) {
        try (InputStream in = RecordedRoute53ShapesTest.class.getResourceAsStream("/route53-2013-04-01/" + operation
                + ".xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("no recorded shape for " + operation, e);
        }
    }

    @Test
    void theSdkReadsTheRecordedResponses() throws Exception {
        HttpServer replay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        replay.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String operation = path.contains("Z0WRONG") ? "Error" : path.contains("/change/") ? "GetChange"
                    : exchange.getRequestMethod().equals("POST") ? "ChangeResourceRecordSets"
                    : "ListResourceRecordSets";
            byte[] body = recorded(operation).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(operation.equals("Error") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        replay.start();
        try (Route53Client route53 = Route53Client.builder().region(Region.AWS_GLOBAL)
                .endpointOverride(URI.create("http://127.0.0.1:" + replay.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s")))
                .build()) {
            var change = route53.changeResourceRecordSets(r -> r.hostedZoneId("Z1").changeBatch(b -> b.changes(c -> c
                    .action("UPSERT").resourceRecordSet(s -> s.name("a.vmpooler.test").type(RRType.A).ttl(60L)
                            .resourceRecords(v -> v.value("10.0.0.1")))))).changeInfo();
            assertThat(change.status()).isEqualTo(ChangeStatus.PENDING);
            assertThat(route53.getChange(r -> r.id(change.id())).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
            var listed = route53.listResourceRecordSets(r -> r.hostedZoneId("Z1").startRecordName("a.")
                    .startRecordType(RRType.A).maxItems("1"));
            assertThat(listed.resourceRecordSets().getFirst().resourceRecords().getFirst().value())
                    .isEqualTo("10.0.1.25");
            assertThat(listed.isTruncated()).isTrue();
            assertThatThrownBy(() -> route53.getHostedZone(r -> r.id("Z0WRONG")))
                    .isInstanceOf(NoSuchHostedZoneException.class);
        } finally {
            replay.stop(0);
        }
    }

    @Test
    void theFakeAnswersInTheRecordedShapes() throws Exception {
        try (FakeRoute53 fake = FakeRoute53.start().zone("Z1", "vmpooler.test")) {
            String change = send(fake, "POST", "/2013-04-01/hostedzone/Z1/rrset/", """
                    <ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">\
                    <ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet>\
                    <Name>a.vmpooler.test</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord>\
                    <Value>10.0.0.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>\
                    </Changes></ChangeBatch></ChangeResourceRecordSetsRequest>""");
            assertThat(XmlShape.of(change)).isSubsetOf(XmlShape.of(recorded("ChangeResourceRecordSets")));
            String id = change.replaceAll("(?s).*<Id>/change/([^<]+)</Id>.*", "$1");
            assertThat(XmlShape.of(send(fake, "GET", "/2013-04-01/change/" + id, null)))
                    .isSubsetOf(XmlShape.of(recorded("GetChange")));
            assertThat(XmlShape.of(send(fake, "GET", "/2013-04-01/hostedzone/Z1/rrset?name=a.vmpooler.test.&type=A"
                    + "&maxitems=1", null))).isSubsetOf(XmlShape.of(recorded("ListResourceRecordSets")));
            assertThat(XmlShape.of(send(fake, "GET", "/2013-04-01/hostedzone/Z0WRONG/rrset", null)))
                    .isSubsetOf(XmlShape.of(recorded("Error")));
        }
    }

    private static String send(FakeRoute53 fake, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(fake.endpoint().resolve(path))
                .header("Authorization", SIGNED)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
