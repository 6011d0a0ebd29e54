package org.vmpooler.api;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads the API's requests run on: virtual threads with carriers of their own.
 *
 * <p>Virtual threads are what makes a request cheap: a store reply resumes it without waking a parked kernel
 * thread, and on platform threads that wake cost a quarter of the server's capacity (bench/README.md). But in the
 * same process the manager runs each VM's check, clone and destroy on a virtual thread, hundreds at once every
 * pass, and on the JDK's one shared scheduler a request waited behind the whole burst at each of its steps; a
 * provider library that pins its carrier (JDK 21 to 23) would stop the API outright. So the requests get a
 * scheduler of their own, one carrier per core: the kernel shares the cores between the API's carriers and the
 * manager's, and no manager work ever queues ahead of a request.
 *
 * <p>The JDK offers no public way to give virtual threads a scheduler yet; its builder has one, reached with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the server jar's manifest opens it, so {@code java -jar}
 * needs no flag). Where it cannot be reached (a JVM started another way), requests run on Jetty's platform
 * threads, which keep the isolation and cost the throughput; a warning says so.
 */
final class RequestThreads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestThreads.class);
    /** Jetty's acceptor and selectors, and the requests themselves when no carrier of their own is possible. */
    static final int PLATFORM_THREADS = 250;

    private final QueuedThreadPool jetty;
    private final Optional<ForkJoinPool> carriers;

    private RequestThreads(QueuedThreadPool jetty, Optional<ForkJoinPool> carriers) {
        this.jetty = jetty;
        this.carriers = carriers;
    }

    /** Threads for one server; {@link #close} after the server has stopped. */
    static RequestThreads create() {
        QueuedThreadPool jetty = new QueuedThreadPool(PLATFORM_THREADS, 8, (int) Duration.ofMinutes(1).toMillis());
        jetty.setName("api");
        ForkJoinPool carriers = carriers();
        Optional<Thread.Builder.OfVirtual> builder = builderOn(carriers);
        if (builder.isEmpty()) {
            carriers.shutdown();
            return new RequestThreads(jetty, Optional.empty());
        }
        ThreadFactory requests = builder.get().name("api-request-", 0).factory();
        jetty.setVirtualThreadsExecutor(task -> requests.newThread(task).start());
        return new RequestThreads(jetty, Optional.of(carriers));
    }

    /** Jetty's pool: selectors on platform threads; requests (Jetty's blocking tasks) on the virtual threads. */
    QueuedThreadPool jettyPool() {
        return jetty;
    }

    /** Whether requests run on virtual threads of their own, or on the platform threads. */
    boolean virtual() {
        return carriers.isPresent();
    }

    @Override
    public void close() {
        carriers.ifPresent(ForkJoinPool::shutdown);
    }

    private static ForkJoinPool carriers() {
        AtomicInteger next = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread carrier = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            carrier.setName("api-carrier-" + next.getAndIncrement());
            return carrier;
        };
        // FIFO, as the JDK's own scheduler: a resumed request goes behind those already waiting, not ahead.
        return new ForkJoinPool(Runtime.getRuntime().availableProcessors(), factory, null, true);
    }

    private static Optional<Thread.Builder.OfVirtual> builderOn(Executor scheduler) {
        try {
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> withScheduler = builder.getDeclaredConstructor(Executor.class);
            withScheduler.setAccessible(true);
            return Optional.of((Thread.Builder.OfVirtual) withScheduler.newInstance(scheduler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("API requests run on platform threads, which serve fewer requests a second: the JVM does not let "
                    + "virtual threads have a scheduler of their own; start it with --add-opens "
                    + "java.base/java.lang=ALL-UNNAMED, as the server jar's manifest does for java -jar");
            LOG.debug("the virtual-thread builder with a scheduler could not be reached", e);
            return Optional.empty();
        }
    }
}
