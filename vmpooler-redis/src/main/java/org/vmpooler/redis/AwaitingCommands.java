package org.vmpooler.redis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Lettuce's synchronous commands, run through its asynchronous ones and awaited without a deadline of our own.
 *
 * <p>Lettuce's own synchronous API waits for each reply with a timed park. On a virtual thread every timed park
 * schedules a timer task and cancels it when the reply comes, waking the JDK's timer thread each time; under load
 * that was a tenth of the server's CPU. The deadline is not lost: the connection's timeout options make Lettuce
 * fail every command still unanswered after the command timeout, which ends the wait here.
 */
final class AwaitingCommands implements InvocationHandler {
    private final RedisAsyncCommands<String, String> async;
    private final Map<Method, Method> asyncMethods = new ConcurrentHashMap<>();

    private AwaitingCommands(RedisAsyncCommands<String, String> async) {
        this.async = async;
    }

    @SuppressWarnings("unchecked")
    static RedisCommands<String, String> over(RedisAsyncCommands<String, String> async) {
        return (RedisCommands<String, String>) Proxy.newProxyInstance(RedisCommands.class.getClassLoader(),
                new Class<?>[] {RedisCommands.class}, new AwaitingCommands(async));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "awaiting " + async;
            };
        }
        Object result;
        try {
            result = asyncMethods.computeIfAbsent(method, AwaitingCommands::asyncTwin).invoke(async, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return result instanceof Future<?> reply ? await(reply) : result;
    }

    /** The asynchronous command of the same name and parameters; every synchronous command has one. */
    private static Method asyncTwin(Method method) {
        try {
            return RedisAsyncCommands.class.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Lettuce has no asynchronous " + method.getName(), e);
        }
    }

    private static Object await(Future<?> reply) {
        try {
            return reply.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.cancel(true);
            throw new RedisCommandInterruptedException(e);
        }
    }
}
