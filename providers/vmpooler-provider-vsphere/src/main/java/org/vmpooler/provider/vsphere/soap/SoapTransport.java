package org.vmpooler.provider.vsphere.soap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * One vim25 SOAP call over HTTP(S): writes the envelope, sends it with the session cookie, and returns the
 * method's response element or throws the {@link VimFault} vCenter answered. Thread-safe; the session cookie is
 * set by {@link VimSession}.
 */
final class SoapTransport {
    private static final String ENVELOPE_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";
    private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";
    /** The API version requested; every vCenter from 6.7 to 8 serves it, and it has all this client uses. */
    private static final String SOAP_ACTION = "urn:vim25/6.7";

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private volatile String cookie;

    SoapTransport(URI endpoint, boolean insecure, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
        if (insecure) {
            builder.sslContext(trustingEveryCertificate());
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("");
            builder.sslParameters(parameters);
        }
        this.http = builder.build();
    }

    URI endpoint() {
        return endpoint;
    }

    void cookie(String sessionCookie) {
        this.cookie = sessionCookie;
    }

    /** Calls {@code method} on {@code target} with the already written arguments; returns the response element. */
    Element call(String method, MoRef target, String arguments) {
        String body = ENVELOPE_START + "<" + method + " xmlns=\"urn:vim25\">"
                + new XmlBody().ref("_this", target) + arguments + "</" + method + ">" + ENVELOPE_END;
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", SOAP_ACTION)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        String current = cookie;
        if (current != null) {
            request.header("Cookie", current);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VimFault.unreachable(method + " to " + endpoint.getHost() + " was interrupted", e);
        } catch (IOException e) {
            throw VimFault.unreachable(method + " to " + endpoint.getHost() + ":" + port() + " failed: " + e, e);
        }
        response.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0]).ifPresent(this::cookie);
        Element envelopeBody = parse(method, response);
        Element answer = Xml.children(envelopeBody).stream().findFirst()
                .orElseThrow(() -> new VimFault("InvalidResponse", method + ": empty SOAP body", null));
        if (answer.getLocalName().equals("Fault")) {
            throw fault(method, answer);
        }
        return answer;
    }

    private Element parse(String method, HttpResponse<byte[]> response) {
        try {
            DocumentBuilder parser = PARSERS.newDocumentBuilder();
            Element envelope = parser.parse(new ByteArrayInputStream(response.body())).getDocumentElement();
            return Xml.child(envelope, "Body").orElseThrow();
        } catch (SAXException | IOException | ParserConfigurationException | RuntimeException e) {
            throw VimFault.unreachable(method + " to " + endpoint.getHost() + ":" + port() + " answered HTTP "
                    + response.statusCode() + " without a SOAP envelope", e);
        }
    }

    private static VimFault fault(String method, Element fault) {
        String message = Xml.text(fault, "faultstring").orElse("");
        Optional<Element> detail = Xml.child(fault, "detail").flatMap(d -> Xml.children(d).stream().findFirst());
        String type = detail.map(Xml::type).map(t -> t.endsWith("Fault") ? t.substring(0, t.length() - 5) : t)
                .orElse("Unknown");
        return new VimFault(type, method + " failed: " + type + (message.isBlank() ? "" : " (" + message + ")"), null);
    }

    private int port() {
        return endpoint.getPort() > 0 ? endpoint.getPort() : 443;
    }

    private static final DocumentBuilderFactory PARSERS = parsers();

    private static DocumentBuilderFactory parsers() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code insecure: true}: vCenters with self-signed certificates, as the reference allowed. */
    private static SSLContext trustingEveryCertificate() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
