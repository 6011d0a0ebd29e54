package org.vmpooler.provider.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.vmpooler.provider.VmLabels;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The SPI's labels as a domain's libvirt metadata: one element in vmpooler's own namespace, kept by libvirt with
 * the domain's definition, so pool membership and leak detection survive restarts of vmpooler and of libvirtd.
 *
 * <pre>{@code <vmpooler:labels xmlns:vmpooler="urn:vmpooler:libvirt:labels:1">
 *   <vmpooler:label name="pool" value="debian"/> ...
 * </vmpooler:labels>}</pre>
 */
final class DomainLabels {

    static final String NAMESPACE = "urn:vmpooler:libvirt:labels:1";
    static final String PREFIX = "vmpooler";

    private DomainLabels() {
    }

    /** The element as it appears inside a domain's {@code <metadata>}, namespace declared. */
    static String inDomainXml(VmLabels labels) {
        return body(labels, PREFIX + ":", " xmlns:" + PREFIX + "='" + NAMESPACE + "'");
    }

    /** The element as {@code virDomainSetMetadata} takes it: unprefixed, libvirt adds the namespace. */
    static String forSetMetadata(VmLabels labels) {
        return body(labels, "", "");
    }

    private static String body(VmLabels labels, String prefix, String declaration) {
        StringBuilder xml = new StringBuilder("<").append(prefix).append("labels").append(declaration).append('>');
        labels.values().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> xml.append('<')
                .append(prefix).append("label name='").append(DomainTemplate.escape(e.getKey())).append("' value='")
                .append(DomainTemplate.escape(e.getValue())).append("'/>"));
        return xml.append("</").append(prefix).append("labels>").toString();
    }

    /** The labels in what {@code virDomainGetMetadata} returned; a foreign or broken element carries none. */
    static VmLabels parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList found = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                    .getElementsByTagNameNS("*", "label");
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < found.getLength(); i++) {
                Element label = (Element) found.item(i);
                if (label.hasAttribute("name")) {
                    labels.put(label.getAttribute("name"), label.getAttribute("value"));
                }
            }
            return new VmLabels(labels);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return VmLabels.NONE;
        }
    }
}
