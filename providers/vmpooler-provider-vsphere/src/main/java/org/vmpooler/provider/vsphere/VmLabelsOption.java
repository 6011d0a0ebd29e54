package org.vmpooler.provider.vsphere;

import java.util.LinkedHashMap;
import java.util.Map;

import org.vmpooler.provider.VmLabels;

/**
 * vmpooler's labels as VMX options of the VM ({@code guestinfo.vmpooler.<label>}): set in the same clone call that
 * creates it, so no VM ever exists without them, read back with the VM's other properties, and visible to the
 * guest through VMware Tools ({@code vmtoolsd --cmd "info-get guestinfo.vmpooler.pool"}).
 */
final class VmLabelsOption {
    static final String PREFIX = "guestinfo.vmpooler.";

    private VmLabelsOption() {
    }

    static Map<String, String> options(VmLabels labels) {
        Map<String, String> options = new LinkedHashMap<>();
        labels.values().forEach((key, value) -> options.put(PREFIX + key, value));
        return options;
    }

    static VmLabels labels(Map<String, String> extraConfig) {
        Map<String, String> labels = new LinkedHashMap<>();
        extraConfig.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                labels.put(key.substring(PREFIX.length()), value);
            }
        });
        return labels.isEmpty() ? VmLabels.NONE : new VmLabels(labels);
    }
}
