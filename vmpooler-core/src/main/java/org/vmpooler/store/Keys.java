package org.vmpooler.store;

import java.time.LocalDate;

import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTaskKind;

/**
 * The reference's Redis key names (spec manager.md §1.1). The in-memory store uses them too, so that both
 * stores hold the same data under the same names.
 */
final class Keys {
    static final String PREFIX = "vmpooler__";
    static final String POOLS = PREFIX + "pools";
    static final String VM_PREFIX = PREFIX + "vm__";
    static final String TOKEN_PREFIX = PREFIX + "token__";
    static final String LASTBOOT = PREFIX + "lastboot";
    static final String TEMPLATE_PREPARED = PREFIX + "template__prepared";
    static final String TEMPLATE_DELTAS = PREFIX + "template__deltas";
    static final String MIGRATION = PREFIX + "migration";
    static final String HEALTH = PREFIX + "health";
    static final String NEW_REQUESTS = PREFIX + "provisioning__request";
    static final String PROCESSING_REQUESTS = PREFIX + "provisioning__processing";
    static final String ONDEMAND_TASKS = PREFIX + "odcreate__task";

    private Keys() {
    }

    static String pool(String pool) {
        return PREFIX + "pool__" + pool;
    }

    static String queue(VmState state, String pool) {
        return PREFIX + state.wireName() + "__" + pool;
    }

    static String active(String pool) {
        return PREFIX + "active__" + pool;
    }

    static String vm(String vm) {
        return VM_PREFIX + vm;
    }

    static String empty(String pool) {
        return PREFIX + "empty__" + pool;
    }

    static String cloneSlots(CloneKind kind) {
        return PREFIX + "tasks__" + switch (kind) {
            case POOL -> "clone";
            case ONDEMAND -> "ondemandclone";
        };
    }

    static String vmTasks(VmTaskKind kind) {
        return PREFIX + "tasks__" + switch (kind) {
            case DISK -> "disk";
            case SNAPSHOT -> "snapshot";
            case REVERT -> "snapshot-revert";
        };
    }

    static String override(PoolOverride kind) {
        return PREFIX + "config__" + switch (kind) {
            case TEMPLATE -> "template";
            case SIZE -> "poolsize";
            case CLONE_TARGET -> "clone_target";
        };
    }

    static String flag(PoolFlag flag) {
        return PREFIX + switch (flag) {
            case RESET -> "poolreset";
            case UNDO_TEMPLATE_OVERRIDE -> "pool__undo_template_override";
            case UNDO_SIZE_OVERRIDE -> "pool__undo_size_override";
        };
    }

    static String dailyStat(DailyStat stat, LocalDate day) {
        return PREFIX + switch (stat) {
            case BOOT -> "boot";
            case CLONE -> "clone";
            case TAG -> "tag";
        } + "__" + day;
    }

    static String token(String token) {
        return TOKEN_PREFIX + token;
    }

    static String ondemandRequest(String id) {
        return PREFIX + "odrequest__" + id;
    }

    static String delivered(String requestId, String alias, String pool) {
        return PREFIX + requestId + "__" + alias + "__" + pool;
    }

    static String deadLetters(String queue) {
        return PREFIX + "dlq__" + queue;
    }

    static String rateLimit(String endpointClass, String client) {
        return PREFIX + "ratelimit__" + endpointClass + "__" + client;
    }
}
