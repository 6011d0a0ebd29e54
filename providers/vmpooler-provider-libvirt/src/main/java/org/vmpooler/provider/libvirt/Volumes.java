package org.vmpooler.provider.libvirt;

import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/** The volumes of clones, made and removed through libvirt's storage API so that remote hosts work alike. */
final class Volumes {

    private Volumes() {
    }

    /**
     * A new qcow2 volume with the template's contents: an overlay whose backing file is the template (instant, and
     * only what the clone writes takes space), or with {@code fullCopy} an independent copy.
     */
    static StorageVol cloneOf(StoragePool storage, StorageVol template, String name, boolean fullCopy)
            throws LibvirtException {
        String format = Xml.parse(template.getXMLDesc(0)).first("/volume/target/format/@type", "raw");
        long capacity = template.getInfo().capacity;
        String volume = "<volume><name>" + DomainTemplate.escape(name) + "</name><capacity unit='bytes'>" + capacity
                + "</capacity><target><format type='qcow2'/></target>";
        if (fullCopy) {
            return storage.storageVolCreateXMLFrom(volume + "</volume>", template, 0);
        }
        return storage.storageVolCreateXML(volume + "<backingStore><path>" + DomainTemplate.escape(template.getPath())
                + "</path><format type='" + DomainTemplate.escape(format) + "'/></backingStore></volume>", 0);
    }

    /** An empty qcow2 volume of {@code sizeGb} GiB. */
    static StorageVol empty(StoragePool storage, String name, int sizeGb) throws LibvirtException {
        return storage.storageVolCreateXML("<volume><name>" + DomainTemplate.escape(name)
                + "</name><capacity unit='GiB'>" + sizeGb + "</capacity><target><format type='qcow2'/></target>"
                + "</volume>", 0);
    }

    /**
     * Deletes the volume at {@code path} if it is one of the VM's own (its name starts with the VM's name), so a
     * domain that was pointed at a shared image never takes that image with it. A volume already gone is fine.
     */
    static void deleteOwned(Connect connection, String path, String vm) throws LibvirtException {
        try {
            StorageVol volume = connection.storageVolLookupByPath(path);
            if (volume.getName().startsWith(vm)) {
                volume.delete(0);
            }
        } catch (LibvirtException e) {
            if (!LibvirtProvider.is(e, Error.ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                throw e;
            }
        }
    }
}
