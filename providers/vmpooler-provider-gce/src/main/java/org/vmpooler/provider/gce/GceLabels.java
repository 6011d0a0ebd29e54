package org.vmpooler.provider.gce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vmpooler.gcp.GoogleRest;

/** Label and resource names as Compute Engine accepts them. */
final class GceLabels {
    static final String TOKEN_USER = "token-user";
    static final String SNAPSHOT_NAME = "snapshot_name";

    private GceLabels() {
    }

    /** A label value: lower case, anything but letters, digits, {@code _} and {@code -} made {@code -}, 63 at most. */
    static String value(String text) {
        String v = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return v.length() > 63 ? v.substring(0, 63) : v;
    }

    static Map<String, String> read(JsonNode resource) {
        Map<String, String> labels = new LinkedHashMap<>();
        resource.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    static ObjectNode node(Map<String, String> labels) {
        ObjectNode node = GoogleRest.json().createObjectNode();
        labels.forEach((k, v) -> node.put(value(k), value(v)));
        return node;
    }

    /**
     * The snapshot of {@code disk} taken under {@code snapshotName}. Resource names must start with a letter and
     * stay within 63 characters, which {@code <snapshot>-<disk>} (the reference's) does not when vmpooler's
     * 32-character snapshot names meet long VM names; the snapshot is found by its labels anyway, so the name only
     * has to be unique: the disk's name and a digest of the snapshot name.
     */
    static String snapshotResource(String disk, String snapshotName) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(snapshotName.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
            String prefix = disk.length() > 49 ? disk.substring(0, 49) : disk;
            return prefix + "-s" + digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A filter matching every label given, in the Compute list filter language. */
    static String filter(Map<String, String> labels) {
        StringBuilder f = new StringBuilder();
        labels.forEach((k, v) -> f.append(f.isEmpty() ? "" : " AND ").append("labels.").append(k).append(" = \"")
                .append(v).append('"'));
        return f.toString();
    }
}
