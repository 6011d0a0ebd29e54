package org.vmpooler.provider.vsphere;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.vsphere.soap.MoRef;
import org.vmpooler.provider.vsphere.soap.ObjectContent;
import org.vmpooler.provider.vsphere.soap.Xml;
import org.w3c.dom.Element;

/** One VM as read in a single property-collector call: what {@code get_vm} reports and what the provider needs. */
record VmView(MoRef ref, String name, MoRef parent, String powerState, Optional<Instant> bootTime,
              Optional<MoRef> host, Optional<String> guestHostname, Optional<String> ip,
              Map<String, String> extraConfig) {

    static final List<String> PATHS = List.of("name", "parent", "runtime.powerState", "runtime.bootTime",
            "runtime.host", "guest.hostName", "guest.ipAddress", "guest.toolsStatus", "config.extraConfig");

    static VmView of(ObjectContent vm) {
        Map<String, String> extraConfig = new LinkedHashMap<>();
        vm.get("config.extraConfig").ifPresent(options -> {
            for (Element option : Xml.children(options)) {
                extraConfig.put(Xml.text(option, "key").orElse(""), Xml.text(option, "value").orElse(""));
            }
        });
        return new VmView(vm.obj(), vm.text("name").orElse(""),
                vm.ref("parent").orElse(new MoRef("Folder", "")),
                vm.text("runtime.powerState").orElse("unknown"),
                vm.text("runtime.bootTime").flatMap(VmView::instant), vm.ref("runtime.host"),
                vm.text("guest.hostName").filter(h -> !h.isEmpty()),
                GuestAddress.usable(vm.text("guest.ipAddress"), vm.text("guest.toolsStatus")), extraConfig);
    }

    boolean poweredOn() {
        return powerState.equals("poweredOn");
    }

    /** The reference's {@code powerstate} values. */
    String referencePowerState() {
        return switch (powerState) {
            case "poweredOn" -> "PoweredOn";
            case "poweredOff" -> "PoweredOff";
            case "suspended" -> "Suspended";
            default -> powerState;
        };
    }

    VmInfo info(String pool, String template) {
        return new VmInfo(name, guestHostname, template, pool, bootTime, referencePowerState(), ip, Map.of(),
                VmLabelsOption.labels(extraConfig));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
