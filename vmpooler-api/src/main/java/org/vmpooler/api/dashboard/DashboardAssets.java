package org.vmpooler.api.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The page's own script and style sheet, served from the jar: nothing comes from a CDN. Only the files listed
 * here are served, read once at start-up so a missing one fails the start, not a request.
 */
final class DashboardAssets {
    private static final String ROOT = "/org/vmpooler/api/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    /** One served file. */
    record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets;

    DashboardAssets() {
        Map<String, Asset> loaded = new java.util.HashMap<>();
        TYPES.forEach((name, type) -> loaded.put(name, new Asset(type, bytes(name))));
        assets = Map.copyOf(loaded);
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + ROOT + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dashboard resource " + ROOT + name, e);
        }
    }
}
