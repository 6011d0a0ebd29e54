package org.vmpooler.provider.vsphere;

import java.util.Optional;

/**
 * The address VMware Tools reports for a guest, when it is one vmpooler can hand out. Self-assigned addresses
 * (169.254.x.x, fe80::) and the 0.0.x.x a booting guest may report are not. The Ruby provider's unanchored
 * pattern also refused addresses such as 10.0.x.x and 20.0.x.x; this one looks only at the address's start.
 */
final class GuestAddress {
    private GuestAddress() {
    }

    static Optional<String> usable(Optional<String> reported, Optional<String> toolsStatus) {
        boolean toolsReport = toolsStatus.map(s -> s.equals("toolsOk") || s.equals("toolsOld")).orElse(false);
        return reported.map(String::trim).filter(ip -> toolsReport && !ip.isEmpty())
                .filter(ip -> !ip.startsWith("0.0.") && !ip.startsWith("169.254.")
                        && !ip.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:"));
    }
}
