package org.vmpooler.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;

/**
 * The request body as a JSON object, read raw whatever the Content-Type claims: floaty labels its JSON
 * {@code application/x-www-form-urlencoded} and go-vmpooler sends none, so the container must never parse
 * form parameters first. Limits as the reference's sanitiser: at most {@value #MAX_CHARS} characters and
 * {@value #MAX_DEPTH} levels of nesting; an empty body is an empty object.
 */
public final class JsonBody {
    static final int MAX_CHARS = 10_240;
    static final int MAX_DEPTH = 5;
    /** A UTF-8 character takes at most four bytes; reading stops past this, so huge bodies are never buffered. */
    private static final int MAX_BYTES = MAX_CHARS * 4;

    private JsonBody() {
    }

    /** Reads and checks the body; every failure is a 400 {@link ApiError} naming what was wrong. */
    public static ObjectNode read(Context ctx) {
        return parse(readLimited(ctx));
    }

    static ObjectNode parse(String text) {
        if (text == null || text.isBlank()) {
            return RubyJson.mapper().createObjectNode();
        }
        if (text.length() > MAX_CHARS) {
            throw tooLarge();
        }
        JsonNode node;
        try {
            node = RubyJson.mapper().readTree(text);
        } catch (StreamConstraintsException e) {
            throw tooComplex();
        } catch (JsonProcessingException e) {
            throw ApiError.withMessage(400, "Invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.withMessage(400, "Request body must be a JSON object");
        }
        if (depth(node) > MAX_DEPTH) {
            throw tooComplex();
        }
        return (ObjectNode) node;
    }

    private static String readLimited(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiError.withMessage(400, "Request body could not be read: " + e.getMessage());
        }
    }

    /** Objects and arrays count one level each, scalars none. */
    private static int depth(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return 1 + deepest;
    }

    private static ApiError tooLarge() {
        return ApiError.withMessage(400, "Request body too large");
    }

    private static ApiError tooComplex() {
        return ApiError.withMessage(400, "Request body too complex");
    }
}
