package org.vmpooler.manager.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;

/**
 * Takes VMs back into a store that lost them (on_empty_store: adopt): each VM the provider lists for the pool that
 * carries this instance's labels gets its record rebuilt from them — pool, checkout time (now), the user and the
 * on-demand request when labelled — and is put in the pool's running queue, where the usual lifetime and
 * give-back rules apply. VMs without this instance's labels are left alone.
 */
final class Adoption {

    private static final Logger LOG = LoggerFactory.getLogger(Adoption.class);

    private final ManagerContext ctx;

    Adoption(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /** How many of {@code unknown} were adopted. */
    int adopt(String pool, Provider provider, List<String> unknown) {
        // The store lost the instance identity too: keep it, or the next manager started would make up another
        // and take these VMs for somebody else's.
        ctx.poolSettings().instanceIdentity(ctx.instance().value());
        int adopted = 0;
        for (String vm : unknown) {
            Optional<VmInfo> info;
            try {
                info = provider.getVm(pool, vm);
            } catch (RuntimeException e) {
                LOG.warn("[!] [{}] '{}' could not be looked up for adoption: {}", pool, vm, e.toString());
                continue;
            }
            if (info.isEmpty() || !info.get().labels().createdBy(ctx.instance().value())) {
                continue;
            }
            VmLabels labels = info.get().labels();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(Field.POOL, pool);
            fields.put(Field.CHECKOUT, ctx.stamp(ctx.now()));
            info.get().ip().ifPresent(ip -> fields.put(Field.IP, ip));
            labels.get(VmLabels.USER).ifPresent(user -> fields.put(Field.TOKEN_USER, user));
            labels.get(VmLabels.REQUEST_ID).ifPresent(id -> fields.put(Field.REQUEST_ID, id));
            ctx.vms().setVmFields(vm, fields);
            if (ctx.vms().add(pool, vm, VmState.RUNNING)) {
                adopted++;
                ctx.metrics().increment("vmpooler_adopted." + pool);
                LOG.info("[+] [{}] '{}' adopted into 'running' with its record rebuilt from its labels", pool, vm);
            }
        }
        return adopted;
    }
}
