package org.vmpooler.provider.vsphere.soap;

/**
 * Writes the body of one vim25 request. Elements must follow the WSDL's sequence order (vCenter validates it), so
 * callers write them in that order; {@code typed} adds the {@code xsi:type} that polymorphic vim25 fields need.
 */
public final class XmlBody {
    private final StringBuilder xml = new StringBuilder(256);

    public XmlBody open(String element) {
        xml.append('<').append(element).append('>');
        return this;
    }

    /** Opens an element whose declared type is a base class of {@code type}. */
    public XmlBody typed(String element, String type) {
        xml.append('<').append(element).append(" xsi:type=\"").append(type).append("\">");
        return this;
    }

    public XmlBody close(String element) {
        xml.append("</").append(element).append('>');
        return this;
    }

    public XmlBody text(String element, Object value) {
        return open(element).escaped(String.valueOf(value)).close(element);
    }

    /** A value of an {@code xsd:anyType} field (OptionValue.value). */
    public XmlBody anyString(String element, String value) {
        xml.append('<').append(element).append(" xsi:type=\"xsd:string\">");
        return escaped(value).close(element);
    }

    public XmlBody ref(String element, MoRef ref) {
        xml.append('<').append(element).append(" type=\"").append(ref.type()).append("\">");
        return escaped(ref.value()).close(element);
    }

    /** Appends XML another {@code XmlBody} or {@link Xml#write} produced. */
    public XmlBody raw(String fragment) {
        xml.append(fragment);
        return this;
    }

    private XmlBody escaped(String text) {
        xml.append(escape(text));
        return this;
    }

    /** Text made safe for element content and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return xml.toString();
    }
}
