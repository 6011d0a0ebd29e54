package org.vmpooler.domain;

import java.time.Duration;

/** A pool VM that passed its readiness check, and how long that took from the start of its clone. */
public record BootedVm(String name, Duration bootTime) {
}
