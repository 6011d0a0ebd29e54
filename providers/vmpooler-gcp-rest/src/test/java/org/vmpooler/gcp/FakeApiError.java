package org.vmpooler.gcp;

/** An error answer of the fake, in Google's error body. */
final class FakeApiError extends RuntimeException {
    final int status;
    final String reason;

    FakeApiError(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    static FakeApiError notFound(String resource) {
        return new FakeApiError(404, "notFound", "The resource '" + resource + "' was not found");
    }

    static FakeApiError alreadyExists(String resource) {
        return new FakeApiError(409, "alreadyExists", "The resource '" + resource + "' already exists");
    }

    static FakeApiError invalid(String message) {
        return new FakeApiError(400, "invalid", message);
    }
}
