package org.vmpooler.manager.pool;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.capability.TemplateDeltaDisks;

/**
 * Prepares a pool's template: delta disks for linked clones when {@code create_template_delta_disks} is on (once
 * per template, by providers that offer {@link TemplateDeltaDisks}), then records the template as prepared for the pool (the API reports {@code template_ready}).
 */
public final class TemplatePreparer {

    private static final Logger LOG = LoggerFactory.getLogger(TemplatePreparer.class);

    private final ManagerContext ctx;

    public TemplatePreparer(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void prepare(PoolState pool, Provider provider) {
        String template = pool.template();
        Optional<TemplateDeltaDisks> deltas = provider.capability(TemplateDeltaDisks.class);
        if (ctx.config().global().provisioning().createTemplateDeltaDisks() && deltas.isPresent()
                && !ctx.poolSettings().hasTemplateDeltas(template)) {
            try {
                deltas.get().createTemplateDeltaDisks(pool.effective());
                ctx.poolSettings().addTemplateDeltas(template);
            } catch (RuntimeException e) {
                LOG.error("[!] [{}] could not create delta disks for template '{}': {}", pool.name(), template,
                        e.toString());
            }
        }
        ctx.poolSettings().setPreparedTemplate(pool.name(), template);
        LOG.info("[*] [{}] template '{}' prepared", pool.name(), template);
    }
}
