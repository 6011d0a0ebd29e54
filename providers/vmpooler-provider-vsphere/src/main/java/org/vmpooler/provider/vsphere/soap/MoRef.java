package org.vmpooler.provider.vsphere.soap;

import java.util.Objects;

import org.w3c.dom.Element;

/** A vim25 ManagedObjectReference: the type and id of a server-side object ({@code VirtualMachine vm-42}). */
public record MoRef(String type, String value) {
    public MoRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** Reads a reference element such as {@code <obj type="VirtualMachine">vm-42</obj>}. */
    public static MoRef of(Element element) {
        return new MoRef(element.getAttribute("type"), element.getTextContent().trim());
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
