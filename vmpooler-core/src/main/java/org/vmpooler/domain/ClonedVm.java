package org.vmpooler.domain;

import java.time.Duration;

/** A VM the provider created: how long its clone took and its IP address ({@code null} when unknown). */
public record ClonedVm(String pool, String name, Duration cloneTime, String ip) {
}
