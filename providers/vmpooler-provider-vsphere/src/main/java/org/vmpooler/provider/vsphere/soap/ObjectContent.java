package org.vmpooler.provider.vsphere.soap;

import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Element;

/** One object's answered properties: property path to its {@code val} element. */
public record ObjectContent(MoRef obj, Map<String, Element> properties) {
    public ObjectContent {
        properties = Map.copyOf(properties);
    }

    public Optional<Element> get(String path) {
        return Optional.ofNullable(properties.get(path));
    }

    public Optional<String> text(String path) {
        return get(path).map(e -> e.getTextContent().trim());
    }

    public Optional<MoRef> ref(String path) {
        return get(path).map(MoRef::of);
    }
}
