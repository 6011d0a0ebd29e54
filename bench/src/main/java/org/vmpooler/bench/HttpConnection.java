package org.vmpooler.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to the server, one request at a time, for the sequential measurements.
 *
 * <p>{@code java.net.http.HttpClient} added about 1 ms per call on this machine (wrk saw 0.4 ms where it saw
 * 1.5 ms), so requests are written to the socket directly and answers read by {@link ResponseReader}.
 */
final class HttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private final ResponseReader reader = new ResponseReader();
    private SocketChannel channel;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The bytes of a request without a body. */
    static ByteBuffer request(String method, String path, String host, int port) {
        return ByteBuffer.wrap((method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends a request without a body and reads the whole response; reconnects when the server closed. */
    ResponseReader.Response send(String method, String path) throws IOException {
        if (channel == null) {
            channel = SocketChannel.open(new InetSocketAddress(host, port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            reader.reset();
        }
        try {
            ByteBuffer request = request(method, path, host, port);
            while (request.hasRemaining()) {
                channel.write(request);
            }
            ResponseReader.Response response;
            while ((response = reader.next()) == null) {
                readBuffer.clear();
                if (channel.read(readBuffer) < 0) {
                    throw new EOFException("the server closed the connection");
                }
                reader.feed(readBuffer.flip());
            }
            if (response.closes()) {
                close();
            }
            return response;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
