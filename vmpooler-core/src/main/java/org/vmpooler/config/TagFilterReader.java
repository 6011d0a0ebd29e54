package org.vmpooler.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles {@code :tagfilter:} (tag name → regular expression whose capture groups replace the tag value). */
final class TagFilterReader {

    private TagFilterReader() {
    }

    static Map<String, Pattern> read(Settings document) {
        Settings filters = SectionReader.topLevel(document, "tagfilter");
        Map<String, Pattern> result = new LinkedHashMap<>();
        for (String tag : filters.keys()) {
            String regex = filters.string(tag).orElseThrow(() -> filters.invalid(tag, "", "a regular expression"));
            try {
                result.put(tag, Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw filters.invalid(tag, regex, "a valid regular expression: " + e.getDescription());
            }
        }
        return result;
    }
}
