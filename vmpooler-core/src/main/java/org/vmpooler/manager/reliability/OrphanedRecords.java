package org.vmpooler.manager.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.manager.ManagerContext;

/**
 * VM records that belong to no queue of their pool and are not destroyed VMs kept for lookups: leftovers of
 * failures, found for the queue purge and counted by the health check.
 */
final class OrphanedRecords {

    private OrphanedRecords() {
    }

    static List<VmRecord> find(ManagerContext ctx) {
        List<VmRecord> orphans = new ArrayList<>();
        for (String name : ctx.vms().allVmNames()) {
            Optional<VmRecord> record = ctx.vms().vm(name);
            Optional<String> pool = record.flatMap(VmRecord::pool);
            if (pool.isEmpty() || record.get().field(Field.DESTROY).isPresent()) {
                continue;
            }
            boolean queued = ctx.config().pool(pool.get()).isPresent() && ctx.vms().queues(pool.get()).knows(name);
            if (!queued) {
                orphans.add(record.get());
            }
        }
        return orphans;
    }
}
