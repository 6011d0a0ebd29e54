package org.vmpooler.server.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every checkout the API acknowledged to a client of the load, and what became of it: the evidence for "no VM
 * handed out twice" and "no acknowledged checkout lost". Also counts the answers by HTTP status (or by the I/O
 * error that stood for one) and where they came from.
 */
final class CheckoutLedger {
    /** A VM a client holds: acknowledged to it and not yet given back. */
    record Hold(String vm, String pool, int client, long serial) {
    }

    private final Map<String, Hold> held = new HashMap<>();
    /** Holds whose give-back is on the wire: the API may already have taken the VM out of running. */
    private final Set<Hold> givingBack = new HashSet<>();
    private final Set<String> everAcknowledged = new HashSet<>();
    private final List<String> doubleHandouts = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();
    private final Map<String, Integer> answers = new TreeMap<>();
    private long serial;
    private long acknowledged;
    private long returned;

    /** The API handed {@code vm} to {@code client}; a VM already handed out before is a violation. */
    synchronized Hold acknowledge(String vm, String pool, int client) {
        acknowledged++;
        if (!everAcknowledged.add(vm)) {
            Hold other = held.get(vm);
            doubleHandouts.add(vm + " to client " + client + (other == null ? " after it had been given back"
                    : " while client " + other.client() + " still held it"));
        }
        Hold hold = new Hold(vm, pool, client, ++serial);
        held.put(vm, hold);
        return hold;
    }

    /** The client is about to send its first DELETE for the VM. */
    synchronized void givingBack(Hold hold) {
        givingBack.add(hold);
    }

    /** The client gave up giving the VM back: no API answered, so the store should still have it running. */
    synchronized void kept(Hold hold) {
        givingBack.remove(hold);
    }

    /** The client gave the VM back and the API confirmed it. */
    synchronized void returned(Hold hold) {
        returned++;
        release(hold);
    }

    /** The API answered that it does not know a VM it had handed out: the checkout was lost. */
    synchronized void lost(Hold hold, String how) {
        lost.add(hold.vm() + " of client " + hold.client() + ": " + how);
        release(hold);
    }

    private void release(Hold hold) {
        held.remove(hold.vm(), hold);
        givingBack.remove(hold);
    }

    synchronized void answer(String what) {
        answers.merge(what, 1, Integer::sum);
    }

    /** Every VM the API has handed to a client of the load so far, given back or not. */
    synchronized Set<String> everHandedOut() {
        return Set.copyOf(everAcknowledged);
    }

    /**
     * The VMs clients hold and are not giving back right now. A hold in two such snapshots had no give-back
     * between them (once started, one ends only in {@link #returned}, {@link #lost} or {@link #kept}), so its VM
     * must have been running throughout.
     */
    synchronized Map<String, Hold> quietHolds() {
        Map<String, Hold> quiet = new HashMap<>(held);
        givingBack.forEach(hold -> quiet.remove(hold.vm(), hold));
        return quiet;
    }

    synchronized Figures figures() {
        return new Figures(acknowledged, returned, Map.copyOf(answers), List.copyOf(doubleHandouts),
                List.copyOf(lost));
    }

    /** The ledger's counters at one moment; {@link #since} gives what happened between two. */
    record Figures(long acknowledged, long returned, Map<String, Integer> answers, List<String> doubleHandouts,
                   List<String> lost) {
        Figures since(Figures earlier) {
            Map<String, Integer> delta = new TreeMap<>();
            answers.forEach((k, v) -> {
                int d = v - earlier.answers.getOrDefault(k, 0);
                if (d != 0) {
                    delta.put(k, d);
                }
            });
            return new Figures(acknowledged - earlier.acknowledged, returned - earlier.returned, delta,
                    doubleHandouts.subList(earlier.doubleHandouts.size(), doubleHandouts.size()),
                    lost.subList(earlier.lost.size(), lost.size()));
        }

        int requests() {
            return answers.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Answers that were not a success, by request and status ("POST 503", "DELETE ConnectException" …). */
        Map<String, Integer> errors() {
            Map<String, Integer> errors = new TreeMap<>(answers);
            errors.keySet().removeIf(k -> k.matches("\\S+ 2\\d\\d"));
            return errors;
        }
    }
}
