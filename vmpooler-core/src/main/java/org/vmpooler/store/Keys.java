package org.vmpooler.store;

import java.time.LocalDate;

import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTaskKind;

/**
 * Every Redis key name of the reference vmpooler 3.9.1, in one place. The Redis store's Lua scripts receive their
 * keys (or, where the key depends on data read inside the script, a key prefix) from here and never spell a name
 * themselves; the in-memory store keeps its data under the same names, so both stores hold the same data.
 */
public final class Keys {

    public static final String PREFIX = "vmpooler__";

    public static final String POOLS = PREFIX + "pools";
    public static final String ACTIVE_PREFIX = PREFIX + "active__";
    public static final String VM_PREFIX = PREFIX + "vm__";
    public static final String TOKEN_PREFIX = PREFIX + "token__";
    public static final String ODREQUEST_PREFIX = PREFIX + "odrequest__";
    public static final String PROVISIONING_REQUEST = PREFIX + "provisioning__request";
    public static final String PROVISIONING_PROCESSING = PREFIX + "provisioning__processing";
    public static final String ONDEMAND_TASKS = PREFIX + "odcreate__task";
    public static final String TEMPLATE_PREPARED = PREFIX + "template__prepared";
    public static final String TEMPLATE_DELTAS = PREFIX + "template__deltas";
    public static final String LASTBOOT = PREFIX + "lastboot";
    public static final String HEALTH = PREFIX + "health";
    public static final String MIGRATION = PREFIX + "migration";
    /** Not in the reference: the identity VMs are labelled with ({@code Store#instanceIdentity}). */
    public static final String INSTANCE_ID = PREFIX + "instance_id";
    /** Not in the reference: pool → why its clones fail ({@code Store#recordCloneTrouble}). */
    public static final String CLONE_TROUBLE = PREFIX + "clone_trouble";
    /** Not in the reference: the ids of managers that announced themselves ({@code PoolLeases}). */
    public static final String MANAGERS = PREFIX + "managers";

    private Keys() {
    }

    /** Not in the reference: {@code vmpooler__manager__<id>}, present while that manager is alive. */
    public static String manager(String manager) {
        return PREFIX + "manager__" + manager;
    }

    /** Not in the reference: {@code vmpooler__lease__<pool>}, "manager#token" of the pool's owner while it holds it. */
    public static String lease(String pool) {
        return PREFIX + "lease__" + pool;
    }

    /** Not in the reference: the pool's last fencing token, only ever incremented. */
    public static String leaseToken(String pool) {
        return PREFIX + "lease_token__" + pool;
    }

    /** {@code vmpooler__pool__<pool>}: the published config of a pool. */
    public static String pool(String pool) {
        return PREFIX + "pool__" + pool;
    }

    /** {@code vmpooler__<state>__<pool>}: one of a pool's six queues. */
    public static String queue(VmState state, String pool) {
        return queuePrefix(state) + pool;
    }

    public static String queuePrefix(VmState state) {
        return PREFIX + state.wireName() + "__";
    }

    /** {@code vmpooler__active__<pool>}: VM → checkout time. */
    public static String active(String pool) {
        return ACTIVE_PREFIX + pool;
    }

    public static String vm(String vm) {
        return VM_PREFIX + vm;
    }

    public static String cloneSlots(CloneKind kind) {
        return switch (kind) {
            case POOL -> PREFIX + "tasks__clone";
            case ONDEMAND -> PREFIX + "tasks__ondemandclone";
        };
    }

    /** Not in the reference: how many of {@link #cloneSlots}' slots each manager holds, by manager id. */
    public static String cloneSlotHolders(CloneKind kind) {
        return cloneSlots(kind) + "__holders";
    }

    public static String vmTasks(VmTaskKind kind) {
        return switch (kind) {
            case DISK -> PREFIX + "tasks__disk";
            case SNAPSHOT -> PREFIX + "tasks__snapshot";
            case REVERT -> PREFIX + "tasks__snapshot-revert";
        };
    }

    public static String ondemandRequest(String requestId) {
        return ODREQUEST_PREFIX + requestId;
    }

    /** {@code vmpooler__<request id>__<alias>__<pool>}: the VMs delivered for one line of a request. */
    public static String delivered(String requestId, String alias, String pool) {
        return deliveredPrefix(requestId) + alias + "__" + pool;
    }

    /** The part of {@link #delivered} before the alias; scripts append {@code <alias>__<pool>}. */
    public static String deliveredPrefix(String requestId) {
        return PREFIX + requestId + "__";
    }

    public static String override(PoolOverride kind) {
        return switch (kind) {
            case TEMPLATE -> PREFIX + "config__template";
            case SIZE -> PREFIX + "config__poolsize";
            case CLONE_TARGET -> PREFIX + "config__clone_target";
        };
    }

    public static String flag(PoolFlag flag) {
        return switch (flag) {
            case RESET -> PREFIX + "poolreset";
            case UNDO_TEMPLATE_OVERRIDE -> PREFIX + "pool__undo_template_override";
            case UNDO_SIZE_OVERRIDE -> PREFIX + "pool__undo_size_override";
        };
    }

    /** {@code vmpooler__empty__<pool>}: {@code "true"} while the pool has no ready VM. */
    public static String empty(String pool) {
        return PREFIX + "empty__" + pool;
    }

    /**
     * {@code vmpooler__clone__<date>__summary}, {@code vmpooler__boot__<date>__summary}: count, total, min and max
     * of the day's durations, kept beside the reference's hash of every duration.
     */
    public static String dailyStatSummary(DailyStat stat, LocalDate day) {
        return dailyStat(stat, day) + "__summary";
    }

    /** {@code vmpooler__boot__<date>}, {@code vmpooler__clone__<date>}, {@code vmpooler__tag__<date>}. */
    public static String dailyStat(DailyStat stat, LocalDate day) {
        String name = switch (stat) {
            case BOOT -> "boot";
            case CLONE -> "clone";
            case TAG -> "tag";
        };
        return PREFIX + name + "__" + day;
    }

    public static String token(String token) {
        return TOKEN_PREFIX + token;
    }

    /** {@code vmpooler__dlq__<queue>} with queue {@code pending}, {@code ready} or {@code clone}. */
    public static String deadLetters(String queue) {
        return PREFIX + "dlq__" + queue;
    }

    /** {@code vmpooler__ratelimit__<endpoint class>__<client>}. */
    public static String rateLimit(String endpointClass, String client) {
        return PREFIX + "ratelimit__" + endpointClass + "__" + client;
    }
}
