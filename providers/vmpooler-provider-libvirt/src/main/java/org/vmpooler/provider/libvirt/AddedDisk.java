package org.vmpooler.provider.libvirt;

import java.util.HashSet;
import java.util.Set;

import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.vmpooler.provider.ProviderException;

/**
 * A new empty qcow2 volume, made in the storage pool of the domain's first disk and attached on the same bus at
 * the next free device name: live and in the definition when the domain runs, else in the definition only.
 */
final class AddedDisk {

    private final Domain domain;
    private final String vm;
    private final int sizeGb;

    AddedDisk(Domain domain, String vm, int sizeGb) {
        this.domain = domain;
        this.vm = vm;
        this.sizeGb = sizeGb;
    }

    void attach() throws LibvirtException {
        Xml live = Xml.parse(domain.getXMLDesc(0));
        Xml config = Xml.parse(domain.getXMLDesc(Flags.XML_INACTIVE));
        String firstDisk = live.first("/domain/devices/disk[@device='disk']/source/@file", "");
        if (firstDisk.isEmpty()) {
            throw new ProviderException("domain " + vm + " has no file disk whose storage pool could hold another");
        }
        String bus = live.first("/domain/devices/disk[@device='disk']/target/@bus", "virtio");
        Set<String> taken = new HashSet<>(live.all("/domain/devices/disk/target/@dev"));
        taken.addAll(config.all("/domain/devices/disk/target/@dev"));
        String device = freeDevice(bus, taken);
        StoragePool storage = domain.getConnect().storageVolLookupByPath(firstDisk).storagePoolLookupByVolume();
        StorageVol volume = Volumes.empty(storage, vm + "-" + device + ".qcow2", sizeGb);
        String disk = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='"
                + DomainTemplate.escape(volume.getPath()) + "'/><target dev='" + device + "' bus='"
                + DomainTemplate.escape(bus) + "'/></disk>";
        try {
            boolean running = domain.isActive() == 1;
            try {
                domain.attachDeviceFlags(disk, Flags.AFFECT_CONFIG | (running ? Flags.AFFECT_LIVE : 0));
            } catch (LibvirtException e) {
                if (!LibvirtProvider.is(e, Error.ErrorNumber.VIR_ERR_NO_SUPPORT)) {
                    throw e;
                }
                // A driver that cannot hot-plug (libvirt's test driver) still takes a new definition: the disk is
                // there from the next start.
                String definition = domain.getXMLDesc(Flags.XML_INACTIVE);
                domain.getConnect().domainDefineXML(definition.replace("</devices>", disk + "</devices>"));
            }
        } catch (LibvirtException | RuntimeException e) {
            volume.delete(0);
            throw e;
        }
    }

    private static String freeDevice(String bus, Set<String> taken) {
        String prefix = PoolShape.devicePrefix(bus);
        for (char letter = 'a'; letter <= 'z'; letter++) {
            if (!taken.contains(prefix + letter)) {
                return prefix + letter;
            }
        }
        throw new ProviderException("every " + bus + " device name is taken");
    }
}
