package org.vmpooler.manager.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.Readiness;

/**
 * Decides whether a VM is ready for its user: the provider must report it running, then the pool's
 * {@code ready_check} must pass — a TCP connection to its port ({@code tcp}, the reference's port 22 by default;
 * Windows pools use 5985/5986 or 3389), an SSH identification line on it ({@code ssh}: a port that accepts but
 * whose daemon is still starting does not count), or nothing more ({@code none}). The VM is reached at its
 * recorded IP, else at its name in its pool's domain, as the reference did.
 */
public final class ReadinessProbe {

    /** A booting guest's port answers or refuses at once; a silent drop must not hold the check longer. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BANNER = 255;

    private final ManagerContext ctx;

    public ReadinessProbe(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /** Throws what the provider throws; a refused or silent port is an answer, not an error. */
    public Readiness probe(PoolConfig pool, Provider provider, String vm, Optional<VmRecord> record) {
        Readiness running = provider.vmReady(pool.name(), vm);
        ReadyCheck check = pool.readyCheck().orElseGet(provider::defaultReadyCheck);
        if (!running.ready() || check.mode() == ReadyCheck.Mode.NONE) {
            return running;
        }
        String host = record.flatMap(r -> r.field(VmRecord.Field.IP)).filter(ip -> !ip.isBlank())
                .orElseGet(() -> ctx.domain(pool.name()).isEmpty() ? vm : vm + "." + ctx.domain(pool.name()));
        return connect(host, check);
    }

    static Readiness connect(String host, ReadyCheck check) {
        String where = host + ":" + check.port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, check.port()), (int) CONNECT_TIMEOUT.toMillis());
            if (check.mode() == ReadyCheck.Mode.TCP) {
                return Readiness.isReady();
            }
            socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            String banner = firstLine(socket.getInputStream());
            return banner.startsWith("SSH-") ? Readiness.isReady()
                    : Readiness.notReady("no SSH banner on " + where + " (got '" + banner + "')");
        } catch (IOException e) {
            return Readiness.notReady("cannot connect to " + where + ": " + e.getMessage());
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n' && line.length() < MAX_BANNER; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }
}
