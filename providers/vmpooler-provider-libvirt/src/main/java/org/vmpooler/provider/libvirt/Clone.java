package org.vmpooler.provider.libvirt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderException;

/** Creating one clone on the host's connection: define the labelled domain, make its volume, start it. */
final class Clone {

    /** libvirt's answers to a domain XML it cannot take: the pool's template or keys are wrong. */
    private static final Set<Error.ErrorNumber> BAD_DEFINITION = Set.of(Error.ErrorNumber.VIR_ERR_XML_ERROR,
            Error.ErrorNumber.VIR_ERR_XML_DETAIL, Error.ErrorNumber.VIR_ERR_XML_INVALID_SCHEMA,
            Error.ErrorNumber.VIR_ERR_CONFIG_UNSUPPORTED, Error.ErrorNumber.VIR_ERR_INVALID_ARG);

    private final Connect connection;
    private final CreateRequest request;
    private final PoolShape shape;

    Clone(Connect connection, CreateRequest request, PoolShape shape) {
        this.connection = connection;
        this.request = request;
        this.shape = shape;
    }

    /** The template volume on this host, if its storage pool has it. */
    static Optional<StorageVol> template(Connect connection, PoolShape shape) throws LibvirtException {
        try {
            return Optional.of(connection.storagePoolLookupByName(shape.storagePool())
                    .storageVolLookupByName(shape.templateVolume()));
        } catch (LibvirtException e) {
            if (LibvirtProvider.is(e, Error.ErrorNumber.VIR_ERR_NO_STORAGE_POOL)
                    || LibvirtProvider.is(e, Error.ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void create() throws LibvirtException {
        String vm = request.vm();
        if (LibvirtProvider.lookup(connection, vm) != null) {
            throw new ProviderException("a domain named " + vm + " already exists on " + connection.getURI());
        }
        StoragePool storage = connection.storagePoolLookupByName(shape.storagePool());
        StorageVol template = storage.storageVolLookupByName(shape.templateVolume());
        String volumeName = vm + ".qcow2";
        String plannedPath = Xml.parse(storage.getXMLDesc(0)).first("/pool/target/path", "") + "/" + volumeName;
        Domain domain = define(plannedPath);
        try {
            StorageVol volume = Volumes.cloneOf(storage, template, volumeName, shape.fullClone());
            if (!volume.getPath().equals(plannedPath)) {
                domain = define(volume.getPath());
            }
            if (LibvirtProvider.lookup(connection, vm) == null) {
                // Destroyed while its disk was being made (the engine gave the clone up): leave nothing behind.
                volume.delete(0);
                throw new ProviderException("domain " + vm + " was removed while its disk was being made");
            }
            domain.create();
        } catch (LibvirtException | RuntimeException e) {
            try {
                Domain left = LibvirtProvider.lookup(connection, vm);
                if (left != null) {
                    LibvirtProvider.destroy(connection, left, vm);
                }
            } catch (LibvirtException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private Domain define(String diskPath) throws LibvirtException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", request.vm());
        values.put("pool", request.pool());
        values.put("memory", Integer.toString(shape.memoryMib()));
        values.put("vcpus", Integer.toString(shape.vcpus()));
        values.put("domain_type", shape.domainType());
        values.put("disk", diskPath);
        values.put("disk_dev", shape.deviceName(0));
        values.put("disk_bus", shape.diskBus());
        values.put("network", shape.network());
        String xml;
        try {
            xml = shape.domainTemplate().render(values, DomainLabels.inDomainXml(request.labels()));
        } catch (IllegalArgumentException e) {
            throw ProviderException.permanent("pool " + request.pool() + ": " + e.getMessage());
        }
        try {
            return connection.domainDefineXML(xml);
        } catch (LibvirtException e) {
            if (e.getError() != null && BAD_DEFINITION.contains(e.getError().getCode())) {
                throw new ProviderException("pool " + request.pool() + ": libvirt refused the domain definition: "
                        + e.getMessage(), true, e);
            }
            throw e;
        }
    }
}
