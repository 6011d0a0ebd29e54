package org.vmpooler.api.status;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The sections {@code /status?view=} asks for. No {@code view} parameter, or a bare {@code ?view} without
 * {@code =}, means every section; {@code ?view=} means the {@code status} section alone; otherwise the
 * comma-separated names, unknown ones ignored. The query is read raw because a servlet container reports
 * {@code ?view} and {@code ?view=} alike.
 */
final class StatusView {
    enum Section {
        BOOT, CAPACITY, CLONE, POOLS, QUEUE
    }

    private StatusView() {
    }

    static Set<Section> parse(String rawQuery) {
        if (rawQuery == null) {
            return EnumSet.allOf(Section.class);
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.equals("view")) {
                return EnumSet.allOf(Section.class);
            }
            if (parameter.startsWith("view=")) {
                return named(URLDecoder.decode(parameter.substring(5), StandardCharsets.UTF_8));
            }
        }
        return EnumSet.allOf(Section.class);
    }

    private static Set<Section> named(String list) {
        Set<Section> sections = EnumSet.noneOf(Section.class);
        for (String name : list.split(",")) {
            for (Section section : Section.values()) {
                if (section.name().toLowerCase(Locale.ROOT).equals(name.trim())) {
                    sections.add(section);
                }
            }
        }
        return sections;
    }
}
