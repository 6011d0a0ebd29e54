package org.vmpooler.observability.tracing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;


/**
 * Wraps a port (store, provider, DNS plugin) so that every call is a client span named
 * {@code <component>.<method>}, with the pool and VM it concerns as attributes, and reports each call's duration
 * and outcome to a {@link CallObserver}. One generic proxy instead of a hand-written decorator per port keeps the
 * decorators in step with ports that other developers still extend.
 */
public final class TracedCalls implements InvocationHandler {
    /** Told of every traced call after it ends. */
    public interface CallObserver {
        CallObserver NONE = (method, nanos, failed) -> { };

        void called(String method, long nanos, boolean failed);
    }

    static final AttributeKey<String> POOL = AttributeKey.stringKey("vmpooler.pool");
    static final AttributeKey<String> VM = AttributeKey.stringKey("vmpooler.vm");
    static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("vmpooler.component");
    private static final String CAPABILITY = "capability";
    private static final Set<String> POOL_PARAMETERS = Set.of("pool", "poolName");
    private static final Set<String> VM_PARAMETERS = Set.of("vm", "vmName", "hostname", "name");

    private final Object target;
    private final String component;
    private final Tracer tracer;
    private final Set<String> untraced;
    private final CallObserver observer;
    /** What each method's span is called and which of its arguments name a pool and a VM, worked out once. */
    private final Map<Method, Call> calls = new ConcurrentHashMap<>();

    private TracedCalls(Object target, String component, Tracer tracer, Set<String> untraced, CallObserver observer) {
        this.target = target;
        this.component = component;
        this.tracer = tracer;
        this.untraced = untraced;
        this.observer = observer;
    }

    /** {@code untraced} names methods passed straight through (accessors such as {@code name}, or {@code close}). */
    public static <T> T wrap(Class<T> port, T target, String component, Tracer tracer, Set<String> untraced,
                             CallObserver observer) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                new TracedCalls(target, component, tracer, untraced, observer));
        return port.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> component + " traced " + target;
            };
        }
        if (method.getName().equals(CAPABILITY) && args != null && args.length == 1
                && args[0] instanceof Class<?> contract && contract.isInterface()) {
            // A provider's optional capabilities are ports of their own: they are traced like the provider.
            return ((Optional<?>) call(method, args)).map(offered -> wrapAs(contract, offered));
        }
        Call call = calls.computeIfAbsent(method, this::describe);
        if (call.untraced()) {
            return call(method, args);
        }
        SpanBuilder builder = tracer.spanBuilder(call.spanName()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(COMPONENT, component);
        call.pool().in(args).ifPresent(pool -> builder.setAttribute(POOL, pool));
        call.vm().in(args).ifPresent(vm -> builder.setAttribute(VM, vm));
        Span span = builder.startSpan();
        long started = System.nanoTime();
        boolean failed = false;
        try (Scope ignored = span.makeCurrent()) {
            return call(method, args);
        } catch (Throwable e) {
            failed = true;
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
            observer.called(call.name(), System.nanoTime() - started, failed);
        }
    }

    private Object wrapAs(Class<?> contract, Object offered) {
        return Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract},
                new TracedCalls(offered, component, tracer, untraced, observer));
    }

    /** One method of the port as traced: its span's name, and where its pool and VM are named. */
    private record Call(String name, String spanName, boolean untraced, Naming pool, Naming vm) {
    }

    /**
     * Where a call's arguments name a pool or a VM: a String argument of that name, or else a String component of
     * that name of a record argument (a provider's {@code CreateRequest}). Worked out once per method: looking the
     * record's components up on every call cost a twentieth of the whole server's CPU under load (the API's
     * checkout takes a record), more than the tracing it served.
     */
    @FunctionalInterface
    private interface Naming {
        Naming NONE = args -> Optional.empty();

        Optional<String> in(Object[] args);

        default Naming orElse(Naming other) {
            return args -> in(args).or(() -> other.in(args));
        }
    }

    /**
     * Parameter names are compiled in ({@code -parameters}), so a call's pool and VM can be named on its span.
     * The first parameter of a kind wins; a record argument (a provider's CreateRequest, a DNS plugin's VmAddress)
     * names them by its components.
     */
    private Call describe(Method method) {
        Parameter[] parameters = method.getParameters();
        int pool = -1;
        int vm = -1;
        int request = -1;
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getType().isRecord() && request < 0) {
                request = i;
            }
            if (parameters[i].getType() != String.class) {
                continue;
            }
            String name = parameters[i].getName();
            if (pool < 0 && POOL_PARAMETERS.contains(name)) {
                pool = i;
            } else if (vm < 0 && VM_PARAMETERS.contains(name)) {
                vm = i;
            }
        }
        return new Call(method.getName(), component + "." + method.getName(), untraced.contains(method.getName()),
                naming(pool, request, parameters, POOL_PARAMETERS), naming(vm, request, parameters, VM_PARAMETERS));
    }

    private static Naming naming(int argument, int request, Parameter[] parameters, Set<String> names) {
        Naming byArgument = argument < 0 ? Naming.NONE
                : args -> args[argument] instanceof String value ? Optional.of(value) : Optional.empty();
        if (request < 0) {
            return byArgument;
        }
        // A record class is final: the argument's class is the declared one.
        for (RecordComponent component : parameters[request].getType().getRecordComponents()) {
            if (component.getType() == String.class && names.contains(component.getName())) {
                Method accessor = component.getAccessor();
                return byArgument.orElse(args -> componentOf(args[request], accessor));
            }
        }
        return byArgument;
    }

    private static Optional<String> componentOf(Object record, Method accessor) {
        if (record == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((String) accessor.invoke(record));
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
