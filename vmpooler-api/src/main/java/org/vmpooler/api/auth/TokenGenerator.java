package org.vmpooler.api.auth;

import java.security.SecureRandom;

/**
 * New API tokens (and snapshot names) in the reference's format, which clients and existing Redis data rely on:
 * 32 characters of {@code [a-z0-9]}, the first a letter {@code a}..{@code y}. Drawn from a CSPRNG, unlike the
 * reference's {@code rand}, so a token cannot be predicted from others.
 */
public final class TokenGenerator {
    static final int LENGTH = 32;
    private static final String FIRST = "abcdefghijklmnopqrstuvwxy";
    private static final String REST = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder token = new StringBuilder(LENGTH);
        token.append(FIRST.charAt(random.nextInt(FIRST.length())));
        for (int i = 1; i < LENGTH; i++) {
            token.append(REST.charAt(random.nextInt(REST.length())));
        }
        return token.toString();
    }
}
