package org.vmpooler.provider.ec2;

import java.util.Map;
import java.util.function.Consumer;

/** Writes the small XML documents the fake answers with. */
final class Xml {
    private final StringBuilder out = new StringBuilder();

    static String document(String root, String namespace, Consumer<Xml> body) {
        Xml xml = new Xml();
        xml.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root);
        if (namespace != null) {
            xml.out.append(" xmlns=\"").append(namespace).append('"');
        }
        xml.out.append('>');
        body.accept(xml);
        xml.out.append("</").append(root).append('>');
        return xml.out.toString();
    }

    Xml text(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name)
                    .append('>');
        }
        return this;
    }

    Xml el(String name, Consumer<Xml> body) {
        out.append('<').append(name).append('>');
        body.accept(this);
        out.append("</").append(name).append('>');
        return this;
    }

    /** EC2's lists: {@code <nameSet><item>…</item></nameSet>}. */
    <T> Xml set(String name, Iterable<T> items, java.util.function.BiConsumer<Xml, T> item) {
        return el(name, x -> items.forEach(i -> x.el("item", y -> item.accept(y, i))));
    }

    Xml tagSet(Map<String, String> tags) {
        return set("tagSet", tags.entrySet(), (x, t) -> x.text("key", t.getKey()).text("value", t.getValue()));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
