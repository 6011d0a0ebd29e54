package org.vmpooler.provider.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.capability.Capability;

/**
 * Wraps any provider and makes chosen methods fail, slow down or hang, each call with a given chance, so engine
 * tests can show what a misbehaving platform does to the pools. It offers exactly the capabilities of the
 * provider it wraps, faults included.
 *
 * <p>A hang ignores interrupts and then carries out the real call, as an SDK stuck on a dead connection that comes
 * back would: a VM whose create was given up can still appear later.
 */
public final class FaultInjectingProvider implements InvocationHandler {

    /** What an injected fault does. */
    public enum Fault { ERROR, SLOW, HANG }

    private record Plan(Fault fault, double chance, Duration delay) {
    }

    private final Provider target;
    private final SplittableRandom random;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private volatile CountDownLatch hangs = new CountDownLatch(1);
    private final Set<String> reportedReady = ConcurrentHashMap.newKeySet();

    private FaultInjectingProvider(Provider target, long seed) {
        this.target = target;
        this.random = new SplittableRandom(seed);
    }

    /** The wrapped provider, and the handle to steer its faults. */
    public record Wrapped(Provider provider, FaultInjectingProvider faults) {
    }

    public static Wrapped wrap(Provider target, long seed) {
        FaultInjectingProvider handler = new FaultInjectingProvider(target, seed);
        List<Class<?>> interfaces = new ArrayList<>(List.of(Provider.class));
        Capability.of(target.getClass()).forEach(capability -> interfaces.add(capability.contract()));
        Provider proxy = (Provider) Proxy.newProxyInstance(FaultInjectingProvider.class.getClassLoader(),
                interfaces.toArray(Class<?>[]::new), handler);
        return new Wrapped(proxy, handler);
    }

    /** From now on, each call of {@code method} (e.g. {@code createVm}) has {@code chance} of the fault. */
    public FaultInjectingProvider inject(String method, Fault fault, double chance, Duration delay) {
        plans.put(method, new Plan(fault, chance, delay));
        return this;
    }

    public FaultInjectingProvider inject(String method, Fault fault, double chance) {
        return inject(method, fault, chance, Duration.ZERO);
    }

    /** No more faults; calls hanging now go on. */
    public void heal() {
        plans.clear();
        releaseHangs();
    }

    public void releaseHangs() {
        CountDownLatch released = hangs;
        hangs = new CountDownLatch(1);
        released.countDown();
    }

    /** The VMs whose {@code vmReady} answered ready through this wrapper: the only ones that may be handed out. */
    public Set<String> reportedReady() {
        return Set.copyOf(reportedReady);
    }

    /** How many faults were injected into calls of {@code method}. */
    public int injected(String method) {
        AtomicInteger count = injected.get(method);
        return count == null ? 0 : count.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "faulty " + target;
            };
        }
        if (method.isDefault() && method.getName().equals("capability")) {
            // Answered by the proxy itself, so the capability it hands out is faulty too.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Plan plan = plans.get(method.getName());
        if (plan != null && roll(plan.chance())) {
            injected.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
            switch (plan.fault()) {
                case ERROR -> throw new ProviderException("injected failure of " + method.getName());
                case SLOW -> Thread.sleep(plan.delay().toMillis());
                case HANG -> hang();
            }
        }
        try {
            Object result = method.invoke(target, args);
            if (result instanceof Readiness readiness && readiness.ready()) {
                reportedReady.add((String) args[1]);
            }
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private synchronized boolean roll(double chance) {
        return random.nextDouble() < chance;
    }

    private void hang() {
        CountDownLatch until = hangs;
        boolean interrupted = false;
        while (true) {
            try {
                until.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
