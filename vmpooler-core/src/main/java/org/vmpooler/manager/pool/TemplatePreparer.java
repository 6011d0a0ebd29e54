package org.vmpooler.manager.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;

/**
 * Prepares a pool's template: delta disks for linked clones when {@code create_template_delta_disks} is on (once
 * per template), then records the template as prepared for the pool (the API reports {@code template_ready}).
 */
public final class TemplatePreparer {

    private static final Logger LOG = LoggerFactory.getLogger(TemplatePreparer.class);

    private final ManagerContext ctx;

    public TemplatePreparer(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void prepare(PoolState pool, Provider provider) {
        String template = pool.template();
        if (ctx.config().global().provisioning().createTemplateDeltaDisks() && !ctx.store().hasTemplateDeltas(template)) {
            try {
                provider.createTemplateDeltaDisks(pool.effective());
                ctx.store().addTemplateDeltas(template);
            } catch (RuntimeException e) {
                LOG.error("[!] [{}] could not create delta disks for template '{}': {}", pool.name(), template,
                        e.toString());
            }
        }
        ctx.store().setPreparedTemplate(pool.name(), template);
        LOG.info("[*] [{}] template '{}' prepared", pool.name(), template);
    }
}
