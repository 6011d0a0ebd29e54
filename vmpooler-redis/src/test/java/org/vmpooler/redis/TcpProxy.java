package org.vmpooler.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to Redis on 127.0.0.1 that a test can cut and restore, to take Redis away from one store without
 * disturbing anyone else sharing the server. It keeps its port across {@link #cut()} and {@link #restore()}.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean stalled;
    private volatile boolean droppingReplies;
    private int port;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listen();
    }

    int port() {
        return port;
    }

    /** Drops every relayed connection and refuses new ones. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Keeps every connection open but holds what either side sends, as a hung Redis would; or lets it go on. */
    void stall(boolean stall) {
        stalled = stall;
    }

    /** Passes what clients send but throws Redis's replies away, as a connection dying mid-command would. */
    void dropReplies(boolean drop) {
        droppingReplies = drop;
    }

    /** Accepts connections again on the same port. */
    synchronized void restore() throws IOException {
        listen();
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        bind(socket);
        port = socket.getLocalPort();
        server = socket;
        Thread.ofVirtual().name("proxy-accept-" + port).start(() -> accept(socket));
    }

    /**
     * A client reconnecting in a tight loop can, now and then, be given the freed port itself as its own local
     * port (a TCP self-connect) and hold it for a moment: try again for a while.
     */
    private void bind(ServerSocket socket) throws IOException {
        long giveUp = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (BindException e) {
                if (System.nanoTime() > giveUp) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, false));
                Thread.ofVirtual().start(() -> pipe(upstream, client, true));
            } catch (IOException e) {
                return; // the listening socket was closed by cut()
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                while (stalled) {
                    Thread.sleep(10);
                }
                if (!(replies && droppingReplies)) {
                    out.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // one side went away; close both below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            from.close();
            to.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
