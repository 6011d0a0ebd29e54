package org.vmpooler.provider.vsphere.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading vim25 answers: children by local name, texts, and writing an answered data object back into a request. */
public final class Xml {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private Xml() {
    }

    public static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    public static List<Element> children(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                found.add(e);
            }
        }
        return found;
    }

    public static Optional<Element> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The text of a dotted path of children ({@code "summary.hardware.cpuMhz"}), if present. */
    public static Optional<String> text(Element parent, String path) {
        Element current = parent;
        for (String step : path.split("\\.")) {
            Optional<Element> next = child(current, step);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current.getTextContent().trim());
    }

    /** The element's {@code xsi:type} without a namespace prefix ({@code VirtualVmxnet3}), or its name. */
    public static String type(Element element) {
        String type = element.getAttributeNS(XSI, "type");
        if (type.isEmpty()) {
            return element.getLocalName();
        }
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(colon + 1);
    }

    /**
     * Writes an answered data object back as a request element named {@code name}, keeping its type, replacing the
     * children named in {@code replaced} by the given XML (written where the original child was, so that the
     * WSDL's order holds) and dropping the children named in {@code dropped}.
     */
    public static String write(Element object, String name, Map<String, String> replaced,
                               Set<String> dropped) {
        StringBuilder out = new StringBuilder();
        out.append('<').append(name).append(" xsi:type=\"").append(type(object)).append("\">");
        for (Element child : children(object)) {
            String local = child.getLocalName();
            if (replaced.containsKey(local)) {
                out.append(replaced.get(local));
            } else if (!dropped.contains(local)) {
                copy(child, out);
            }
        }
        return out.append("</").append(name).append('>').toString();
    }

    private static void copy(Element element, StringBuilder out) {
        String local = element.getLocalName();
        out.append('<').append(local);
        String type = element.getAttributeNS(XSI, "type");
        if (!type.isEmpty()) {
            out.append(" xsi:type=\"").append(type.startsWith("xsd:") ? type : type(element)).append('"');
        }
        if (element.hasAttribute("type")) {
            out.append(" type=\"").append(element.getAttribute("type")).append('"');
        }
        out.append('>');
        List<Element> kids = children(element);
        if (kids.isEmpty()) {
            out.append(XmlBody.escape(element.getTextContent()));
        } else {
            kids.forEach(kid -> copy(kid, out));
        }
        out.append("</").append(local).append('>');
    }
}
