package org.vmpooler.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An on-demand request as kept in {@code vmpooler__odrequest__<id>}. */
public record OndemandRequest(String id, Map<String, String> fields) {

    public static final String REQUESTED = "requested";
    public static final String STATUS = "status";
    public static final String RETRY_COUNT = "retry_count";
    public static final String FAILURE_REASON = "failure_reason";

    public OndemandRequest {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public List<RequestedLine> requested() {
        return RequestedLine.parseAll(fields.get(REQUESTED));
    }

    /** The request's outcome; empty while it is in progress (or when the stored value is unknown). */
    public Optional<RequestStatus> status() {
        return RequestStatus.fromWire(fields.get(STATUS));
    }

    /** Whether the request has any outcome at all, known to this version or not: nothing more is done for it. */
    public boolean finished() {
        String status = fields.get(STATUS);
        return status != null && !status.isEmpty();
    }

    /** The stored outcome as written, for messages; empty while in progress. */
    public Optional<String> statusText() {
        return Optional.ofNullable(fields.get(STATUS)).filter(s -> !s.isEmpty());
    }

    public Optional<String> token() {
        return Optional.ofNullable(fields.get(VmRecord.Field.TOKEN));
    }

    public Optional<String> tokenUser() {
        return Optional.ofNullable(fields.get(VmRecord.Field.TOKEN_USER));
    }

    public int retryCount() {
        String raw = fields.get(RETRY_COUNT);
        return raw == null ? 0 : VmRecord.leadingInt(raw);
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(fields.get(FAILURE_REASON));
    }
}
