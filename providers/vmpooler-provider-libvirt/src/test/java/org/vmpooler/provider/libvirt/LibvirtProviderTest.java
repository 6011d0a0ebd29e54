package org.vmpooler.provider.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.VmLabels;

/** What the libvirt provider leaves in libvirt, read back through a connection of the test's own. */
class LibvirtProviderTest {

    private static final LibvirtProvider provider = TestDriver.provider(Map.of("storage_pool", "templates",
            "address_timeout", 5), "rocky");
    private final Connect libvirt = TestDriver.connection();

    @AfterEach
    void destroyAll() {
        provider.vmsInPool("rocky").forEach(vm -> provider.destroyVm("rocky", vm));
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    private CreateRequest request(String vm, Map<String, Object> poolKeys) {
        Map<String, Object> keys = new HashMap<>(Map.of("memory", 64));
        keys.putAll(poolKeys);
        return new CreateRequest("rocky", vm, "rocky", Optional.empty(), new Settings(keys, ":pools: > rocky", "test"),
                VmLabels.of("unit", "rocky", vm, Optional.empty(), Optional.of("alice")));
    }

    private String volumeXml(String name) throws LibvirtException {
        return libvirt.storagePoolLookupByName("templates").storageVolLookupByName(name).getXMLDesc(0);
    }

    private List<String> volumes() throws LibvirtException {
        return List.of(libvirt.storagePoolLookupByName("templates").listVolumes());
    }

    @Test
    void aCloneIsAQcow2OverlayOfTheTemplate() throws LibvirtException {
        provider.createVm(request("overlay", Map.of()));

        Xml volume = Xml.parse(volumeXml("overlay.qcow2"));
        assertThat(volume.first("/volume/target/format/@type", "")).isEqualTo("qcow2");
        assertThat(volume.first("/volume/backingStore/path", "")).isEqualTo("/templates/rocky");
        assertThat(LibvirtProvider.diskPaths(libvirt.domainLookupByName("overlay").getXMLDesc(0)))
                .containsExactly("/templates/overlay.qcow2");
    }

    @Test
    void aFullCloneHasNoBackingFile() throws LibvirtException {
        provider.createVm(request("copy", Map.of("full_clone", true)));

        assertThat(Xml.parse(volumeXml("copy.qcow2")).all("/volume/backingStore/path")).isEmpty();
    }

    @Test
    void theLabelsLiveInTheDomainMetadataUnderVmpoolersNamespace() throws LibvirtException {
        provider.createVm(request("labelled", Map.of()));

        String metadata = libvirt.domainLookupByName("labelled").getMetadata(Flags.METADATA_ELEMENT,
                DomainLabels.NAMESPACE, 0);
        assertThat(DomainLabels.parse(metadata).values()).containsEntry("user", "alice").containsEntry("pool", "rocky");

        assertThat(provider.tagVmUser("rocky", "labelled", "bob")).isTrue();
        assertThat(provider.getVm("rocky", "labelled").orElseThrow().labels().get("user")).contains("bob");
    }

    @Test
    void destroyingRemovesTheDomainAndEveryVolumeOfItsOwnButNotTheTemplate() throws LibvirtException {
        provider.createVm(request("doomed", Map.of()));
        assertThat(provider.createDisk("rocky", "doomed", 2)).isTrue();
        assertThat(volumes()).contains("doomed.qcow2", "doomed-vdb.qcow2");

        assertThat(provider.destroyVm("rocky", "doomed")).isTrue();

        assertThat(volumes()).doesNotContain("doomed.qcow2", "doomed-vdb.qcow2").contains("rocky");
        assertThat(LibvirtProvider.lookup(libvirt, "doomed")).isNull();
    }

    @Test
    void aDomainVmpoolerDidNotMakeIsNeitherListedNorDestroyed() throws LibvirtException {
        libvirt.domainDefineXML("<domain type='test'><name>precious</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os></domain>");
        try {
            assertThat(provider.vmsInPool("rocky")).doesNotContain("precious");
            assertThat(provider.getVm("rocky", "precious")).isEmpty();
            assertThatThrownBy(() -> provider.destroyVm("rocky", "precious")).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("is not a VM of pool rocky");
            assertThat(LibvirtProvider.lookup(libvirt, "precious")).isNotNull();
        } finally {
            libvirt.domainLookupByName("precious").undefine();
        }
    }

    @Test
    void badPoolKeysAreAPermanentErrorNamingEachOne() {
        assertThatThrownBy(() -> provider.createVm(request("bad", Map.of("memory", 1, "disk_bus", "floppy",
                "vcpus", 0)))).isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(((ProviderException) e).permanent()).isTrue())
                .hasMessageContaining("memory").hasMessageContaining("disk_bus").hasMessageContaining("vcpus");
        assertThat(provider.vmsInPool("rocky")).doesNotContain("bad");
    }

    @Test
    void aPoolMayBringItsOwnDomainTemplate(@TempDir Path dir)
            throws Exception {
        Path template = dir.resolve("domain.xml");
        Files.writeString(template, "<domain type='{{domain_type}}'><name>{{name}}</name>"
                + "<description>pool {{pool}}</description><memory unit='MiB'>{{memory}}</memory>"
                + "<metadata>{{metadata}}</metadata><os><type>hvm</type></os><devices><disk type='file' "
                + "device='disk'><source file='{{disk}}'/><target dev='{{disk_dev}}' bus='{{disk_bus}}'/></disk>"
                + "<interface type='network'><source network='{{network}}'/></interface></devices></domain>");
        provider.createVm(request("custom", Map.of("domain_template", template.toString())));

        assertThat(libvirt.domainLookupByName("custom").getXMLDesc(0)).contains("<description>pool rocky</description>");

        Files.writeString(template, "<domain><name>{{nmae}}</name></domain>");
        assertThatThrownBy(() -> provider.createVm(request("typo", Map.of("domain_template", template.toString()))))
                .isInstanceOf(ProviderException.class).hasMessageContaining("unknown placeholder {{nmae}}");
    }

    @Test
    void aCloneOfAMissingVolumeStaysUnmade() throws LibvirtException {
        StorageVol template = libvirt.storagePoolLookupByName("templates").storageVolLookupByName("rocky");
        assertThat(template.getPath()).isEqualTo("/templates/rocky");
        assertThatThrownBy(() -> provider.createVm(new CreateRequest("rocky", "orphan", "nowhere/rocky",
                Optional.empty(), Settings.empty(":pools: > rocky"), VmLabels.NONE)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("storage pool nowhere");
    }
}
