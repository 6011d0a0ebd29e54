package org.vmpooler.api.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** User name and password of an {@code Authorization: Basic} header. */
public record BasicCredentials(String user, String password) {
    private static final String SCHEME = "basic ";

    /**
     * The credentials of the header, or empty when it is missing, not Basic, not valid Base64, not valid UTF-8
     * (lenient decoding would turn every undecodable name into the same {@code \ufffd} user) or has no colon.
     * The password is everything after the first colon (it may contain colons itself).
     */
    public static Optional<BasicCredentials> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim())))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** Never prints the password, so credentials can appear in logs and exceptions safely. */
    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=<redacted>]";
    }
}
