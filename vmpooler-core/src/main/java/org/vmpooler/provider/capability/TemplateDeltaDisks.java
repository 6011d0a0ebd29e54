package org.vmpooler.provider.capability;

import org.vmpooler.config.PoolConfig;

/** A provider that prepares a template for linked clones ({@code create_template_delta_disks}, vSphere). */
public interface TemplateDeltaDisks {

    void createTemplateDeltaDisks(PoolConfig pool);
}
