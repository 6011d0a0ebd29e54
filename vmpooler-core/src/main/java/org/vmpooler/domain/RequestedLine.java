package org.vmpooler.domain;

/**
 * One line of an on-demand request's {@code requested} field: {@code <alias>:<pool>:<count>}, where alias is
 * the name the client asked for and pool the concrete pool chosen for it.
 */
public record RequestedLine(String alias, String pool, int count) {

    public String format() {
        return alias + ":" + pool + ":" + count;
    }

    /** Parses {@code alias:pool:count}; the alias may itself not contain ':'. */
    public static RequestedLine parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed requested line '" + text + "'");
        }
        try {
            return new RequestedLine(parts[0], parts[1], Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed count in requested line '" + text + "'", e);
        }
    }

    public static java.util.List<RequestedLine> parseAll(String field) {
        if (field == null || field.isBlank()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(field.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(RequestedLine::parse).toList();
    }

    public static String formatAll(java.util.List<RequestedLine> lines) {
        return String.join(",", lines.stream().map(RequestedLine::format).toList());
    }
}
