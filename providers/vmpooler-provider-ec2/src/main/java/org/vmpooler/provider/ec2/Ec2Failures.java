package org.vmpooler.provider.ec2;

import java.util.Set;

import org.vmpooler.provider.ProviderCapacityException;
import org.vmpooler.provider.ProviderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an AWS error means to the engine. Capacity, quota and throttling become a
 * {@link ProviderCapacityException} (the pool backs off); errors retrying cannot fix (an unknown AMI, a bad
 * instance type, a subnet or security group that does not exist, missing permissions) are permanent; the rest,
 * network failures included, are ordinary failures the engine retries. Every message names the provider, what
 * was being done and AWS's error code.
 */
final class Ec2Failures {
    /** The subnet's zone is out of this instance type (or addresses) right now: another zone may have room. */
    static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientHostCapacity",
            "InsufficientFreeAddressesInSubnet", "InsufficientCapacity", "Unsupported");
    static final Set<String> QUOTA = Set.of("InstanceLimitExceeded", "VcpuLimitExceeded",
            "MaxSpotInstanceCountExceeded", "VolumeLimitExceeded", "SnapshotLimitExceeded", "ResourceLimitExceeded");
    static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "TooManyRequestsException", "ThrottledException");
    static final Set<String> PERMANENT = Set.of("InvalidAMIID.NotFound", "InvalidAMIID.Malformed",
            "InvalidAMIID.Unavailable", "InvalidParameterValue", "InvalidParameterCombination",
            "InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidKeyPair.NotFound",
            "InvalidParameter", "UnauthorizedOperation", "AuthFailure", "OptInRequired", "ParameterNotFound",
            "InvalidKeyId", "AccessDeniedException", "InvalidInstanceType", "InvalidBlockDeviceMapping");

    private Ec2Failures() {
    }

    static String code(SdkException e) {
        return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode() : "";
    }

    static boolean isCapacity(SdkException e) {
        return CAPACITY.contains(code(e));
    }

    /** {@code doing} completes "provider NAME failed to …". */
    static ProviderException translate(String provider, String doing, SdkException e) {
        String code = code(e);
        String message = "provider " + provider + " failed to " + doing + ": " + reason(e);
        if (CAPACITY.contains(code)) {
            return new ProviderCapacityException(ProviderCapacityException.Kind.CAPACITY, message, e);
        }
        if (QUOTA.contains(code)) {
            return new ProviderCapacityException(ProviderCapacityException.Kind.QUOTA, message, e);
        }
        if (THROTTLING.contains(code) || e instanceof AwsServiceException aws && aws.isThrottlingException()) {
            return new ProviderCapacityException(ProviderCapacityException.Kind.THROTTLED, message
                    + " (still throttled after the SDK's retries)", e);
        }
        return new ProviderException(message, PERMANENT.contains(code), e);
    }

    /** AWS's own words with the code, without the SDK's request-id suffix (the code is what a runbook keys on). */
    static String reason(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String text = aws.awsErrorDetails().errorMessage();
            return code(e) + (text == null || text.isBlank() ? "" : ": " + text);
        }
        return e.getMessage();
    }
}
