package org.vmpooler.manager.ondemand;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.vmpooler.provider.ProviderException;

/**
 * Tells clone errors that retrying cannot fix (unknown template, bad credentials, …) from transient ones, by the
 * provider's own verdict, else by the reference's message patterns and error classes. The Ruby class names are
 * kept because a Ruby manager sharing the store records them in {@code clone_error_class}.
 */
public final class ErrorClassifier {

    private static final List<Pattern> PERMANENT_MESSAGES = List.of(
            "template.*not found", "template.*does not exist", "invalid.*path", "folder.*not found",
            "datastore.*not found", "resource pool.*not found", "permission.*denied", "authentication.*failed",
            "invalid.*credentials", "configuration.*error").stream()
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.DOTALL)).toList();

    private static final Set<String> PERMANENT_CLASSES = Set.of("ArgumentError", "NoMethodError", "NameError",
            IllegalArgumentException.class.getName(), UnsupportedOperationException.class.getName(),
            NullPointerException.class.getName(), ClassCastException.class.getName());

    public boolean permanent(Throwable error) {
        if (error instanceof ProviderException p && p.permanent()) {
            return true;
        }
        return permanent(error.getMessage(), error.getClass().getName());
    }

    /** As the reference: unknown when either part is missing. */
    public boolean permanent(String message, String errorClass) {
        if (message == null || errorClass == null) {
            return false;
        }
        return PERMANENT_CLASSES.contains(errorClass)
                || PERMANENT_MESSAGES.stream().anyMatch(p -> p.matcher(message).find());
    }
}
