package org.vmpooler.testkit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The element paths of an XML document, values left out: what a fake cloud API's answer is compared on against a
 * recorded answer of the real one, so the fake may omit fields but never invent or misplace one.
 */
public final class XmlShape {

    private XmlShape() {
    }

    /** Every element path of {@code xml}, e.g. {@code DescribeInstancesResponse/reservationSet/item}. */
    public static Set<String> of(String xml) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        Set<String> paths = new TreeSet<>();
        collect(root, root.getTagName(), paths);
        return paths;
    }

    private static void collect(Element element, String path, Set<String> paths) {
        paths.add(path);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collect(e, path + "/" + e.getTagName(), paths);
            }
        }
    }
}
