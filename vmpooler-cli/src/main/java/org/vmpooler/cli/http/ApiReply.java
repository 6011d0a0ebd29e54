package org.vmpooler.cli.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;

/** One answer of the vmpooler API: its status and JSON body. */
public record ApiReply(String request, int status, JsonNode body) {

    /** A 2xx answer whose {@code ok}, where it has one (status and summary have none), is true. */
    public boolean ok() {
        return status / 100 == 2 && (!body.has("ok") || body.get("ok").asBoolean(false));
    }

    /** This reply when it is a success, else a failure explaining the status in terms of {@code subject}. */
    public ApiReply orFail(Subject subject) {
        if (ok()) {
            return this;
        }
        throw failure(subject);
    }

    public CliFailure failure(Subject subject) {
        String detail = detail();
        return switch (status) {
            case 401 -> new CliFailure(ExitCode.AUTH, subject.unauthorized() + " (HTTP 401)" + detail);
            case 403 -> new CliFailure(ExitCode.AUTH, "forbidden (HTTP 403)" + (detail.isEmpty()
                    ? ": " + subject.forbidden() : detail));
            case 404 -> new CliFailure(ExitCode.FAILED, subject.notFound() + " (HTTP 404)" + detail);
            case 429 -> new CliFailure(ExitCode.FAILED, "too many requests (HTTP 429): try again later");
            case 503 -> new CliFailure(ExitCode.FAILED, subject.unavailable() + " (HTTP 503)" + detail);
            default -> new CliFailure(ExitCode.FAILED, subject.action() + " failed (HTTP " + status + ")" + detail);
        };
    }

    /** What the server said about the failure ({@code error}, {@code message}, {@code failure}), if anything. */
    public String detail() {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("error", "message", "failure", "bad_templates")) {
            JsonNode value = body.path(key);
            if (value.isArray()) {
                value.forEach(item -> parts.add(item.asText()));
            } else if (value.isValueNode()) {
                parts.add(value.asText());
            }
        }
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    /**
     * What a failed call was about, so each status reads in the user's terms ("unknown VM x", not "404").
     */
    public record Subject(String action, String notFound, String unavailable, String unauthorized, String forbidden) {
        public static Subject of(String action, String notFound) {
            return new Subject(action, notFound, "the server is unavailable",
                    "the server rejected the token: check token in ~/.vmfloaty.yml, VMPOOLER_TOKEN or --token, or"
                            + " make a new one with 'vmpooler token get'",
                    "not allowed");
        }

        public Subject whenUnavailable(String message) {
            return new Subject(action, notFound, message, unauthorized, forbidden);
        }

        public Subject whenUnauthorized(String message) {
            return new Subject(action, notFound, unavailable, message, forbidden);
        }

        public Subject whenForbidden(String message) {
            return new Subject(action, notFound, unavailable, unauthorized, message);
        }
    }
}
