package org.vmpooler.provider.libvirt;

/** The libvirt flag values this provider passes; the Java binding names only some of them. */
final class Flags {
    /** {@code VIR_DOMAIN_AFFECT_LIVE} and {@code _CONFIG}: change the running domain, its definition. */
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    /** {@code VIR_DOMAIN_XML_INACTIVE}: the persistent definition rather than the running one. */
    static final int XML_INACTIVE = 2;
    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | _SNAPSHOTS_METADATA}, and {@code _NVRAM} for UEFI domains. */
    static final int UNDEFINE_WITH_METADATA = 1 | 2;
    static final int UNDEFINE_NVRAM = 4;
    /** {@code VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE} and {@code _AGENT}. */
    static final int ADDRESSES_FROM_LEASES = 0;
    static final int ADDRESSES_FROM_AGENT = 1;
    /** {@code VIR_CONNECT_LIST_DOMAINS_ACTIVE}. */
    static final int LIST_ACTIVE = 1;
    /** {@code VIR_DOMAIN_METADATA_ELEMENT}: metadata in a namespace of the caller's. */
    static final int METADATA_ELEMENT = 2;

    private Flags() {
    }
}
