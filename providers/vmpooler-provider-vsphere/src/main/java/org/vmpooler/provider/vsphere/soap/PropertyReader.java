package org.vmpooler.provider.vsphere.soap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Element;

/**
 * Reads properties through the PropertyCollector, many objects per round trip: {@code RetrievePropertiesEx} and,
 * for answers longer than a page, {@code ContinueRetrievePropertiesEx}. Also waits for tasks by reading their
 * {@code info}.
 */
public final class PropertyReader {
    private static final int PAGE = 1000;
    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final VimSession session;

    public PropertyReader(VimSession session) {
        this.session = session;
    }

    /** The given properties of the given objects, all of one type. */
    public List<ObjectContent> of(List<MoRef> objects, String type, List<String> paths) {
        if (objects.isEmpty()) {
            return List.of();
        }
        XmlBody spec = new XmlBody().open("specSet");
        propSet(spec, type, paths);
        for (MoRef object : objects) {
            spec.open("objectSet").ref("obj", object).text("skip", false).close("objectSet");
        }
        return retrieve(spec.close("specSet").toString());
    }

    public Optional<ObjectContent> of(MoRef object, List<String> paths) {
        return of(List.of(object), object.type(), paths).stream().findFirst();
    }

    /**
     * The given properties of every object of {@code type} one step away from {@code start} along the
     * {@code traversedType}'s property {@code path}: a folder's VMs ({@code Folder.childEntity}), a cluster's
     * hosts ({@code ComputeResource.host}) — one round trip however many there are.
     */
    public List<ObjectContent> related(MoRef start, String traversedType, String path, String type,
                                       List<String> paths) {
        XmlBody spec = new XmlBody().open("specSet");
        propSet(spec, type, paths);
        spec.open("objectSet").ref("obj", start).text("skip", true).typed("selectSet", "TraversalSpec")
                .text("name", "step").text("type", traversedType).text("path", path).text("skip", false)
                .close("selectSet").close("objectSet");
        return retrieve(spec.close("specSet").toString());
    }

    /**
     * Waits for a task to end and returns its {@code info.result}, if any; throws the task's fault. Polls with a
     * growing interval, so an instant task costs one or two reads and a long clone a read a second. An interrupt
     * (the engine's deadline) ends the wait; the task goes on in vCenter.
     */
    public Optional<Element> await(MoRef task) {
        Duration pause = FIRST_POLL;
        while (true) {
            ObjectContent info = of(task, List.of("info.state", "info.error", "info.result")).orElseThrow(
                    () -> new VimFault("ManagedObjectNotFound", "task " + task.value() + " vanished", null));
            String state = info.text("info.state").orElse("");
            if (state.equals("success")) {
                return info.get("info.result");
            }
            if (state.equals("error")) {
                Element error = info.get("info.error").orElseThrow();
                String type = Xml.child(error, "fault").map(Xml::type).orElse("Unknown");
                String message = Xml.text(error, "localizedMessage").filter(m -> !m.isBlank()).orElse(type);
                throw new VimFault(type, message, null);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VimFault.unreachable("interrupted while waiting for task " + task.value(), e);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    private static void propSet(XmlBody spec, String type, List<String> paths) {
        spec.open("propSet").text("type", type).text("all", false);
        paths.forEach(p -> spec.text("pathSet", p));
        spec.close("propSet");
    }

    private List<ObjectContent> retrieve(String specSet) {
        MoRef collector = session.content().propertyCollector();
        String options = new XmlBody().open("options").text("maxObjects", PAGE).close("options").toString();
        Element response = session.invoke("RetrievePropertiesEx", collector, specSet + options);
        List<ObjectContent> found = new ArrayList<>();
        Optional<Element> page = Xml.child(response, "returnval");
        while (page.isPresent()) {
            Xml.children(page.get(), "objects").forEach(o -> found.add(content(o)));
            Optional<String> token = Xml.text(page.get(), "token").filter(t -> !t.isEmpty());
            if (token.isEmpty()) {
                break;
            }
            Element next = session.invoke("ContinueRetrievePropertiesEx", collector,
                    new XmlBody().text("token", token.get()).toString());
            page = Xml.child(next, "returnval");
        }
        return found;
    }

    private static ObjectContent content(Element objects) {
        MoRef obj = MoRef.of(Xml.child(objects, "obj").orElseThrow());
        Map<String, Element> properties = new HashMap<>();
        for (Element prop : Xml.children(objects, "propSet")) {
            Xml.child(prop, "val").ifPresent(v -> properties.put(Xml.text(prop, "name").orElse(""), v));
        }
        return new ObjectContent(obj, properties);
    }
}
