package org.vmpooler.domain;

import java.util.Optional;

/**
 * What happened when a client that sent no token gave a VM back ({@code VmLifecycle.giveBackUntokened}): the
 * store checked in the same step that no token owns the VM, so the API answers in one round trip.
 */
public sealed interface UntokenedGiveBack {

    /** A token owns the VM; nothing changed. The caller must prove it holds that token first. */
    record TokenHeld() implements UntokenedGiveBack {
    }

    /** What the give-back did, and the VM's record as it was before (empty when there is none). */
    record Requested(DestroyRequestOutcome outcome, Optional<VmRecord> vm) implements UntokenedGiveBack {
    }
}
