package org.vmpooler.manager.pool;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.VmQueues;

/** Empties a pool's stock (every ready and pending VM to completed) so it refills with fresh VMs. */
public final class Drainer {

    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);

    private final VmQueues store;

    public Drainer(VmQueues store) {
        this.store = store;
    }

    public int drain(String pool, String why) {
        List<String> ready = store.moveAll(pool, VmState.READY, VmState.COMPLETED);
        List<String> pending = store.moveAll(pool, VmState.PENDING, VmState.COMPLETED);
        LOG.info("[-] [{}] drained ({}): {} ready and {} pending VM(s) queued for destruction", pool, why, ready.size(),
                pending.size());
        return ready.size() + pending.size();
    }
}
