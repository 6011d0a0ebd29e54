package org.vmpooler.provider.vsphere;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.vmpooler.provider.vsphere.soap.MoRef;
import org.vmpooler.provider.vsphere.soap.ObjectContent;
import org.vmpooler.provider.vsphere.soap.PropertyReader;
import org.vmpooler.provider.vsphere.soap.VimFault;
import org.vmpooler.provider.vsphere.soap.VimSession;
import org.vmpooler.provider.vsphere.soap.Xml;
import org.vmpooler.provider.vsphere.soap.XmlBody;
import org.w3c.dom.Element;

/**
 * Finds vCenter objects by inventory path ({@code DC0/vm/pools/debian}) and remembers the long-lived ones (folders,
 * templates, clusters, datastores, networks), so that a steady manager pass costs no look-ups. What it remembers is
 * forgotten after a new login (vCenter may have restarted) and whenever a remembered object turns out to be gone.
 */
final class Inventory {
    private final VimSession session;
    private final PropertyReader properties;
    private final Map<String, MoRef> remembered = new ConcurrentHashMap<>();
    private final Map<String, ComputeTarget> clusters = new ConcurrentHashMap<>();
    private volatile long loginsSeen = -1;

    /** Where clones of a clone target go: its compute resource (a cluster or a standalone host) and root pool. */
    record ComputeTarget(MoRef computeResource, MoRef resourcePool) {
    }

    Inventory(VimSession session, PropertyReader properties) {
        this.session = session;
        this.properties = properties;
    }

    /** The object at an inventory path, looked up now. */
    Optional<MoRef> find(String path) {
        Element answer = session.invoke("FindByInventoryPath", session.content().searchIndex(),
                new XmlBody().text("inventoryPath", path).toString());
        return Xml.child(answer, "returnval").map(MoRef::of);
    }

    /** The object at an inventory path, remembered once found. */
    Optional<MoRef> lasting(String path) {
        refreshIfLoggedInAgain();
        MoRef known = remembered.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<MoRef> found = find(path);
        found.ifPresent(ref -> remembered.put(path, ref));
        return found;
    }

    /** A folder, with the missing part of its path created when {@code create}. */
    Optional<MoRef> folder(String path, boolean create) {
        Optional<MoRef> existing = lasting(path);
        if (existing.isPresent() || !create) {
            return existing;
        }
        int slash = path.lastIndexOf('/');
        if (path.split("/").length <= 2) {
            throw new VimFault("NotFound", "no datacenter " + path.split("/")[0] + " (looked for " + path + ")", null);
        }
        MoRef parent = folder(path.substring(0, slash), true)
                .orElseThrow(() -> new VimFault("NotFound", "no datacenter folder " + path, null));
        try {
            Element created = session.invoke("CreateFolder", parent,
                    new XmlBody().text("name", path.substring(slash + 1)).toString());
            MoRef ref = MoRef.of(Xml.child(created, "returnval").orElseThrow());
            remembered.put(path, ref);
            return Optional.of(ref);
        } catch (VimFault fault) {
            if (fault.is("DuplicateName")) {
                return lasting(path);
            }
            throw fault;
        }
    }

    /**
     * A clone target by name: a cluster or standalone host anywhere under the datacenter's host folder (in
     * sub-folders too), found with one container view.
     */
    Optional<ComputeTarget> computeTarget(String datacenter, String name) {
        refreshIfLoggedInAgain();
        String key = datacenter + "/" + name;
        ComputeTarget known = clusters.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        MoRef hostFolder = lasting(datacenter + "/host").orElseThrow(
                () -> new VimFault("NotFound", "datacenter " + datacenter + " does not exist", null));
        Element view = session.invoke("CreateContainerView", session.content().viewManager(), new XmlBody()
                .ref("container", hostFolder).text("type", "ComputeResource").text("recursive", true).toString());
        MoRef viewRef = MoRef.of(Xml.child(view, "returnval").orElseThrow());
        try {
            List<ObjectContent> targets = properties.related(viewRef, "ContainerView", "view", "ComputeResource",
                    List.of("name", "resourcePool"));
            for (ObjectContent target : targets) {
                if (target.text("name").orElse("").equals(name)) {
                    ComputeTarget found = new ComputeTarget(target.obj(), target.ref("resourcePool").orElseThrow());
                    clusters.put(key, found);
                    return Optional.of(found);
                }
            }
            return Optional.empty();
        } finally {
            session.invoke("DestroyView", viewRef, "");
        }
    }

    /** Where a template lives: the cluster or host of its host, for pools without a clone target. */
    Optional<ComputeTarget> templateTarget(MoRef template) {
        refreshIfLoggedInAgain();
        String key = "template:" + template.value();
        ComputeTarget known = clusters.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ComputeTarget> found = properties.of(template, List.of("runtime.host")).flatMap(t -> t.ref("runtime.host"))
                .flatMap(host -> properties.of(host, List.of("parent"))).flatMap(h -> h.ref("parent"))
                .flatMap(compute -> properties.of(compute, List.of("resourcePool")).flatMap(c -> c.ref("resourcePool"))
                        .map(pool -> new ComputeTarget(compute, pool)));
        found.ifPresent(target -> clusters.put(key, target));
        return found;
    }

    /** Forgets everything remembered, after a call found a remembered object gone. */
    void forget() {
        remembered.clear();
        clusters.clear();
    }

    private void refreshIfLoggedInAgain() {
        long logins = session.logins();
        if (logins != loginsSeen) {
            forget();
            loginsSeen = logins;
        }
    }
}
