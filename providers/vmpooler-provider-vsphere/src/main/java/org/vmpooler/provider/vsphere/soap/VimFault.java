package org.vmpooler.provider.vsphere.soap;

/**
 * vCenter answered a call with a fault. {@code faultType} is the vim25 fault's type ({@code NotAuthenticated},
 * {@code ManagedObjectNotFound}, {@code DuplicateName} …), {@code transport} marks calls that got no answer at all
 * (connection refused, timed out, not a SOAP reply).
 */
public final class VimFault extends RuntimeException {
    private final String faultType;

    public VimFault(String faultType, String message, Throwable cause) {
        super(message, cause);
        this.faultType = faultType;
    }

    public static VimFault unreachable(String message, Throwable cause) {
        return new VimFault("Unreachable", message, cause);
    }

    public String faultType() {
        return faultType;
    }

    public boolean is(String type) {
        return faultType.equals(type);
    }
}
