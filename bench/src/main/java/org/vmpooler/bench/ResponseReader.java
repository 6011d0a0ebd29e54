package org.vmpooler.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses from bytes as they arrive on a connection: a status line, headers, and a body framed
 * by {@code Content-Length} or chunked, which is all the server sends. Bytes are fed in whatever pieces the
 * socket delivers; {@link #next()} gives a response once all of it is there.
 */
final class ResponseReader {

    /** A response: the status, the body as text, and whether the server will close the connection after it. */
    record Response(int status, String body, boolean closes) {
    }

    private byte[] buffer = new byte[16 * 1024];
    private int length;

    /** Appends what {@code bytes} holds between its position and limit. */
    void feed(ByteBuffer bytes) {
        int count = bytes.remaining();
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        bytes.get(buffer, length, count);
        length += count;
    }

    /** The next complete response, removed from the buffer, or null while part of it has still to arrive. */
    Response next() throws IOException {
        int headersEnd = indexOf("\r\n\r\n", 0);
        if (headersEnd < 0) {
            return null;
        }
        String[] lines = new String(buffer, 0, headersEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        int contentLength = 0;
        boolean chunked = false;
        boolean closes = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Integer.parseInt(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        int bodyStart = headersEnd + 4;
        Body body = chunked ? chunkedBody(bodyStart) : plainBody(bodyStart, contentLength);
        if (body == null) {
            return null;
        }
        System.arraycopy(buffer, body.end(), buffer, 0, length - body.end());
        length -= body.end();
        return new Response(status, body.text(), closes);
    }

    /** Forgets whatever was buffered, for a new connection. */
    void reset() {
        length = 0;
    }

    private record Body(String text, int end) {
    }

    private Body plainBody(int start, int contentLength) {
        if (length - start < contentLength) {
            return null;
        }
        return new Body(new String(buffer, start, contentLength, StandardCharsets.UTF_8), start + contentLength);
    }

    private Body chunkedBody(int start) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = start;
        while (true) {
            int sizeEnd = indexOf("\r\n", at);
            if (sizeEnd < 0) {
                return null;
            }
            String sizeField = new String(buffer, at, sizeEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeField, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + sizeField + "'", e);
            }
            int dataStart = sizeEnd + 2;
            if (size == 0) {
                // No trailers are sent: the body ends with the empty line after the last chunk.
                return length - dataStart < 2 ? null : new Body(data.toString(StandardCharsets.UTF_8), dataStart + 2);
            }
            if (length - dataStart < size + 2) {
                return null;
            }
            data.write(buffer, dataStart, size);
            at = dataStart + size + 2;
        }
    }

    private int indexOf(String marker, int from) {
        byte[] target = marker.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= length - target.length; i++) {
            for (int j = 0; j < target.length; j++) {
                if (buffer[i + j] != target[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
