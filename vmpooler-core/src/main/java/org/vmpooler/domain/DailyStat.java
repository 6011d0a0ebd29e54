package org.vmpooler.domain;

/**
 * Per-day statistics hashes. {@link #BOOT} and {@link #CLONE}: field {@code <pool>:<vm>}, value seconds with two
 * decimals. {@link #TAG}: field {@code <vm>:<tag>}, value the tag value.
 */
public enum DailyStat {
    BOOT,
    CLONE,
    TAG
}
