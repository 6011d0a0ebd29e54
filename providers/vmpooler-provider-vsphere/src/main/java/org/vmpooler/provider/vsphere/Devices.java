package org.vmpooler.provider.vsphere;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.vmpooler.provider.vsphere.soap.MoRef;
import org.vmpooler.provider.vsphere.soap.Xml;
import org.vmpooler.provider.vsphere.soap.XmlBody;
import org.w3c.dom.Element;

/** A VM's or template's virtual hardware ({@code config.hardware.device}) and the device changes vmpooler makes. */
final class Devices {
    private static final int DISKS_PER_CONTROLLER = 15;
    private static final long KB_PER_GB = 1024L * 1024L;

    private final List<Element> devices;

    Devices(Optional<Element> hardware) {
        this.devices = hardware.map(Xml::children).orElse(List.of());
    }

    /**
     * An {@code edit} of the first network card that puts it on {@code network}, keeping its type, key and label;
     * its MAC address is left for vCenter to assign, and it is connected at power-on.
     */
    Optional<String> nicOnNetwork(String networkName, MoRef network) {
        return devices.stream().filter(Devices::isNetworkCard).findFirst().map(nic -> {
            String backing = new XmlBody().typed("backing", "VirtualEthernetCardNetworkBackingInfo")
                    .text("deviceName", networkName).ref("network", network).close("backing").toString();
            String connectable = new XmlBody().open("connectable").text("startConnected", true)
                    .text("allowGuestControl", true).text("connected", true).close("connectable").toString();
            String device = Xml.write(nic, "device", Map.of("backing", backing, "connectable", connectable,
                    "addressType", new XmlBody().text("addressType", "assigned").toString()), Set.of("macAddress"));
            return new XmlBody().open("deviceChange").text("operation", "edit").raw(device).close("deviceChange")
                    .toString();
        });
    }

    /**
     * An {@code add} of a new thin disk of {@code sizeGb} on the first SCSI controller with room, at its lowest free
     * unit number (never the controller's own), created in {@code datastore} or, without one, beside the VM.
     */
    Optional<String> newDisk(int sizeGb, Optional<String> datastore) {
        for (Element controller : devices) {
            if (!Xml.type(controller).matches(".*(SCSIController|LsiLogicController|LsiLogicSASController"
                    + "|BusLogicController)")) {
                continue;
            }
            String key = Xml.text(controller, "key").orElse("");
            Set<Integer> used = new HashSet<>();
            Xml.text(controller, "scsiCtlrUnitNumber").map(Integer::parseInt).ifPresent(used::add);
            List<Element> attached = devices.stream()
                    .filter(d -> Xml.text(d, "controllerKey").orElse("").equals(key)).toList();
            attached.forEach(d -> Xml.text(d, "unitNumber").map(Integer::parseInt).ifPresent(used::add));
            if (attached.size() >= DISKS_PER_CONTROLLER) {
                continue;
            }
            Optional<Integer> unit = IntStream.rangeClosed(0, 15).filter(u -> !used.contains(u)).boxed().findFirst();
            if (unit.isEmpty()) {
                continue;
            }
            String disk = new XmlBody().typed("device", "VirtualDisk").text("key", -1)
                    .typed("backing", "VirtualDiskFlatVer2BackingInfo")
                    .text("fileName", datastore.map(ds -> "[" + ds + "]").orElse("")).text("diskMode", "persistent")
                    .text("thinProvisioned", true).close("backing").text("controllerKey", key)
                    .text("unitNumber", unit.get()).text("capacityInKB", sizeGb * KB_PER_GB).close("device")
                    .toString();
            return Optional.of(new XmlBody().open("deviceChange").text("operation", "add")
                    .text("fileOperation", "create").raw(disk).close("deviceChange").toString());
        }
        return Optional.empty();
    }

    /**
     * For each disk: a {@code remove} and an {@code add} of the same disk on a new delta file whose parent is the
     * current one, so that linked clones can share the template's disks (template delta disks).
     */
    List<String> deltaDiskLayers() {
        return devices.stream().filter(d -> Xml.type(d).equals("VirtualDisk")).flatMap(disk -> {
            Element backing = Xml.child(disk, "backing").orElseThrow();
            String datastore = Xml.text(backing, "fileName").map(f -> f.replaceAll("^(\\[[^]]*]).*", "$1"))
                    .orElse("");
            String parent = Xml.write(backing, "parent", Map.of(), Set.of());
            String delta = new XmlBody().typed("backing", "VirtualDiskFlatVer2BackingInfo")
                    .text("fileName", datastore).raw(Xml.child(backing, "datastore")
                            .map(ds -> new XmlBody().ref("datastore", MoRef.of(ds)).toString()).orElse(""))
                    .text("diskMode", Xml.text(backing, "diskMode").orElse("persistent")).raw(parent)
                    .close("backing").toString();
            String remove = new XmlBody().open("deviceChange").text("operation", "remove")
                    .raw(Xml.write(disk, "device", Map.of(), Set.of())).close("deviceChange").toString();
            String add = new XmlBody().open("deviceChange").text("operation", "add").text("fileOperation", "create")
                    .raw(Xml.write(disk, "device", Map.of("backing", delta), Set.of())).close("deviceChange")
                    .toString();
            return java.util.stream.Stream.of(remove, add);
        }).toList();
    }

    private static boolean isNetworkCard(Element device) {
        return Xml.type(device).matches("Virtual(E1000e?|Vmxnet[23]?|PCNet32|SriovEthernetCard|EthernetCard)");
    }
}
