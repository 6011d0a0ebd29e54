package org.vmpooler.observability.http;

import java.util.List;

/**
 * The {@code path} label of the HTTP request metrics: the reference's normalisation, which cuts everything after
 * {@code /vm/}, {@code /ondemandvm/}, {@code /token/}, {@code /lib/} and {@code /img/}. A request that matched no
 * route is labelled {@link #UNMATCHED}: the reference used its raw path, so every scanner's probe made a new series.
 */
public final class RequestPath {
    public static final String UNMATCHED = "unmatched";
    private static final List<String> COLLAPSED = List.of("/vm", "/ondemandvm", "/token", "/lib", "/img");

    private RequestPath() {
    }

    public static String label(String path, boolean matchedRoute) {
        if (!matchedRoute) {
            return UNMATCHED;
        }
        for (String prefix : COLLAPSED) {
            int at = path.indexOf(prefix + "/");
            if (at >= 0) {
                return path.substring(0, at + prefix.length());
            }
        }
        return path;
    }
}
