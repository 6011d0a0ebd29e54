package org.vmpooler.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to the server, one request at a time, as a CI job's client holds it.
 *
 * <p>The benchmark's client shares the two cores with the server and Redis, so it must cost as little as
 * possible: with {@code java.net.http.HttpClient} one client's checkout took 1.5 ms at the median where
 * {@code wrk} saw 0.4 ms, and at 64 clients the client's own threads took CPU from the server. This reads and
 * writes the socket directly on the calling thread and understands just what the server sends (a status line,
 * headers, a body framed by {@code Content-Length} or chunked).
 */
final class HttpConnection implements AutoCloseable {

    /** A response: the status and the body as text. */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends a request without a body and reads the whole response; reconnects when the server closed. */
    Response send(String method, String path) throws IOException {
        if (socket == null) {
            connect();
        }
        byte[] request = (method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Response read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        String body = chunked ? chunkedBody() : new String(bytes(Math.max(length, 0)), StandardCharsets.UTF_8);
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            body.write(bytes(size));
            line();
        }
        while (!line().isEmpty()) {
            // trailers, none expected
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private byte[] bytes(int count) throws IOException {
        byte[] data = in.readNBytes(count);
        if (data.length < count) {
            throw new EOFException("the server closed the connection mid-body");
        }
        return data;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
