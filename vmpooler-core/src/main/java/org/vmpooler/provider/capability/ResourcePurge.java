package org.vmpooler.provider.capability;

import java.util.List;

/** A provider that can remove what belongs to no configured pool ({@code purge_unconfigured_resources}). */
public interface ResourcePurge {

    /** Removes provider resources that belong to no configured pool and are not allow-listed. */
    void purgeUnconfiguredResources(List<String> allowlist);
}
