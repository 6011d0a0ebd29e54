package org.vmpooler.provider.libvirt;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A domain XML with {@code {{placeholders}}}: {@code name}, {@code pool}, {@code memory} (MiB), {@code vcpus},
 * {@code domain_type}, {@code disk} (the clone's volume path), {@code disk_dev}, {@code disk_bus},
 * {@code network} and {@code metadata} (the labels element, which must sit inside {@code <metadata>}). Values are
 * XML-escaped; a placeholder the provider does not know is an error, so a typo does not reach libvirt.
 */
record DomainTemplate(String text) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    /** A plain x86 machine booting from its first disk, with a virtio NIC and a guest agent channel. */
    static final DomainTemplate DEFAULT = new DomainTemplate("""
            <domain type='{{domain_type}}'>
              <name>{{name}}</name>
              <memory unit='MiB'>{{memory}}</memory>
              <vcpu>{{vcpus}}</vcpu>
              <metadata>{{metadata}}</metadata>
              <os>
                <type>hvm</type>
                <boot dev='hd'/>
              </os>
              <features><acpi/><apic/></features>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='{{disk}}'/>
                  <target dev='{{disk_dev}}' bus='{{disk_bus}}'/>
                </disk>
                <interface type='network'>
                  <source network='{{network}}'/>
                  <model type='virtio'/>
                </interface>
                <channel type='unix'>
                  <target type='virtio' name='org.qemu.guest_agent.0'/>
                </channel>
                <serial type='pty'/>
                <console type='pty'/>
              </devices>
            </domain>
            """);

    /** The XML for one clone; {@code metadata} is inserted as it is, every other value escaped. */
    String render(Map<String, String> values, String metadata) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value;
            if (key.equals("metadata")) {
                value = metadata;
            } else if (values.containsKey(key)) {
                value = escape(values.get(key));
            } else {
                throw new IllegalArgumentException("the domain template has an unknown placeholder {{" + key
                        + "}}; known: metadata, " + String.join(", ", values.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
