package org.vmpooler.provider.vsphere.soap;

import org.w3c.dom.Element;

/** The managers of one vCenter that this client calls, from {@code RetrieveServiceContent}. */
public record ServiceContent(MoRef rootFolder, MoRef propertyCollector, MoRef viewManager, MoRef searchIndex,
                             MoRef sessionManager, MoRef virtualDiskManager, String apiVersion) {

    static ServiceContent of(Element returnval) {
        return new ServiceContent(ref(returnval, "rootFolder"), ref(returnval, "propertyCollector"),
                ref(returnval, "viewManager"), ref(returnval, "searchIndex"), ref(returnval, "sessionManager"),
                ref(returnval, "virtualDiskManager"), Xml.text(returnval, "about.apiVersion").orElse("unknown"));
    }

    private static MoRef ref(Element returnval, String name) {
        return MoRef.of(Xml.child(returnval, name).orElseThrow(() -> new VimFault("InvalidResponse",
                "vCenter's service content has no " + name, null)));
    }
}
