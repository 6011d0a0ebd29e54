package org.vmpooler.domain;

/** What happened when a client deleted an on-demand request. */
public enum OndemandDeleteOutcome {
    DELETED,
    ALREADY_DELETED,
    NOT_FOUND
}
