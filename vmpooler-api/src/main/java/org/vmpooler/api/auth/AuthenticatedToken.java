package org.vmpooler.api.auth;

/** A token the store knows, with the user it was issued to (empty string when the record has none). */
public record AuthenticatedToken(String token, String user) {
}
