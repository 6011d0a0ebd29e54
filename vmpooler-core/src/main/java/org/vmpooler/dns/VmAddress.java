package org.vmpooler.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One VM as a DNS plugin sees it: its short name (what vmpooler calls the VM), its fully qualified name in the
 * plugin's domain, and the IP address the provider reported. Every plugin call gets all three, so no plugin has
 * to guess whether it was handed a short name or an FQDN (the reference passed one to create and the other to
 * delete).
 */
public record VmAddress(String vmName, String fqdn, String ip) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public VmAddress {
        vmName = vmName == null ? "" : vmName.toLowerCase(Locale.ROOT);
        if (!LABEL.matcher(vmName).matches()) {
            throw new IllegalArgumentException("'" + vmName + "' is not a host name a DNS record can be made for");
        }
        fqdn = fqdn == null ? "" : fqdn.toLowerCase(Locale.ROOT);
        if (!fqdn.startsWith(vmName + ".") || fqdn.endsWith(".")) {
            throw new IllegalArgumentException("'" + fqdn + "' is not " + vmName + " followed by its domain");
        }
        if (ip == null || !(IPV4.matcher(ip).matches() || isIpv6(ip))) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address (for " + fqdn + ")");
        }
    }

    /** The VM {@code vmName} in {@code domain} (no trailing dot) at {@code ip}. */
    public static VmAddress of(String vmName, String domain, String ip) {
        return new VmAddress(vmName, vmName + "." + domain, ip);
    }

    /** The domain the FQDN is in. */
    public String domain() {
        return fqdn.substring(vmName.length() + 1);
    }

    public boolean ipv6() {
        return ip.indexOf(':') >= 0;
    }

    /** The address as bytes; never a name lookup, since only literals get past the constructor. */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a checked IP literal did not parse: " + ip, e);
        }
    }

    private static boolean isIpv6(String ip) {
        if (ip.indexOf(':') < 0 || !ip.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // A literal with a colon and only hex digits, colons and dots is parsed, never looked up.
            return InetAddress.getByName(ip).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
