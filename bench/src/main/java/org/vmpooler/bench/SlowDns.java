package org.vmpooler.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A DNS server that knows no name and says so after {@code delay}: what the manager's stale-DNS check meets when
 * the site's resolver is slow. It listens on {@link #ADDRESS} port 53 (a loopback address of its own, so it
 * takes no port anyone else uses), and {@link #wrap} starts a command in a private mount namespace whose
 * {@code /etc/resolv.conf} names it, so only the server under test asks it, and the machine's own DNS server is
 * not flooded with thousands of lookups.
 */
final class SlowDns implements AutoCloseable {
    static final String ADDRESS = "127.0.0.153";
    private static final int FLAG_RESPONSE = 0x8000;
    private static final int FLAG_RECURSION = 0x0180;
    private static final int NXDOMAIN = 3;

    private final DatagramChannel channel;
    private final long delayMillis;
    private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();
    private final Thread receiver;
    private final AtomicLong queries = new AtomicLong();
    private final Path resolvConf;

    SlowDns(long delayMillis, Path workDir) throws IOException {
        this.delayMillis = delayMillis;
        this.channel = DatagramChannel.open().bind(new InetSocketAddress(ADDRESS, 53));
        this.resolvConf = Files.writeString(workDir.resolve("resolv.conf"), "nameserver " + ADDRESS + "\n");
        this.receiver = Thread.ofPlatform().daemon().name("slow-dns").start(this::receive);
    }

    /** {@code command} started in a mount namespace where the system resolver asks this server. */
    List<String> wrap(List<String> command) {
        String shell = "mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"";
        return Stream.concat(Stream.of("unshare", "--mount", "sh", "-c", shell, resolvConf.toString()),
                command.stream()).toList();
    }

    long queries() {
        return queries.get();
    }

    private void receive() {
        try {
            while (true) {
                ByteBuffer query = ByteBuffer.allocate(512);
                SocketAddress from = channel.receive(query);
                query.flip();
                if (query.remaining() < 12) {
                    continue;
                }
                queries.incrementAndGet();
                ByteBuffer reply = nameError(query);
                replies.schedule(() -> send(reply, from), delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (ClosedChannelException closed) {
            // stopped
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query's header and question turned into an answer: no such name, no records. */
    private static ByteBuffer nameError(ByteBuffer query) {
        int end = 12;
        while (end < query.limit() && query.get(end) != 0) {
            end += (query.get(end) & 0xff) + 1;
        }
        end = Math.min(end + 5, query.limit());
        ByteBuffer reply = ByteBuffer.allocate(end).put(query.duplicate().limit(end));
        int flags = query.getShort(2) & 0xffff;
        reply.putShort(2, (short) (flags | FLAG_RESPONSE | FLAG_RECURSION | NXDOMAIN));
        reply.putShort(6, (short) 0).putShort(8, (short) 0).putShort(10, (short) 0);
        return reply.flip();
    }

    private void send(ByteBuffer reply, SocketAddress to) {
        try {
            channel.send(reply, to);
        } catch (IOException e) {
            // the server under test stopped asking
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        channel.close();
        replies.shutdownNow();
        receiver.join(1_000);
    }
}
