package dev.skirmish.engine.web;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works around a cost in Tyrus 2.1 (Payara Micro 6, GlassFish 7): on every message received and every frame
 * sent, a Tyrus session cancels its idle-timeout task and schedules a new one on the container's shared managed
 * scheduled executor, even when the session has no idle timeout (the task then runs at once and does nothing).
 * With a few hundred players that is tens of thousands of tasks a second through one lock-guarded queue, each
 * with a captured container context: under load the tick threads waited seconds on that queue's lock.
 *
 * <p>Skirmish never uses the WebSocket idle timeout (its own heartbeat closes silent connections), so for each
 * session it wraps that executor in one that drops idle-timeout tasks while the session's idle timeout is 0 and
 * hands everything else (Tyrus' own heartbeat, or an idle timeout someone sets later) to the container's
 * executor unchanged. On another WebSocket implementation, or a Tyrus without that field, it does nothing.
 */
final class IdleTimerBypass {
    private static final Logger LOG = Logger.getLogger(IdleTimerBypass.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    private static final String IDLE_TASK = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";
    private static volatile boolean unavailable;

    private IdleTimerBypass() {
    }

    /** Installs the filter on {@code session} if it is a Tyrus session; true when it did. */
    static boolean install(Session session) {
        if (unavailable || !session.getClass().getName().equals(TYRUS_SESSION)) {
            return false;
        }
        try {
            Field field = session.getClass().getDeclaredField("service");
            field.setAccessible(true);
            Object current = field.get(session);
            if (current instanceof Filter || !(current instanceof ScheduledExecutorService executor)) {
                return current instanceof Filter;
            }
            field.set(session, new Filter(executor, session, IdleTimerBypass::isIdleTask));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(Level.WARNING, "Cannot bypass the WebSocket idle timer (" + e + "); every message will schedule a "
                    + "task on the container's executor");
            return false;
        }
    }

    /** Whether a task Tyrus schedules is its idle-timeout task. */
    static boolean isIdleTask(Runnable task) {
        return task.getClass().getName().equals(IDLE_TASK);
    }

    /** The container's executor, minus the idle-timeout tasks of a session without idle timeout. */
    static final class Filter implements ScheduledExecutorService {
        private final ScheduledExecutorService delegate;
        private final Session session;
        private final java.util.function.Predicate<Runnable> idleTask;

        Filter(ScheduledExecutorService delegate, Session session, java.util.function.Predicate<Runnable> idleTask) {
            this.delegate = delegate;
            this.session = session;
            this.idleTask = idleTask;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (session.getMaxIdleTimeout() <= 0 && idleTask.test(command)) {
                return Skipped.INSTANCE;
            }
            return delegate.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return delegate.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(task);
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(task, result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(task);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(tasks);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return delegate.invokeAll(tasks, timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
            return delegate.invokeAny(tasks);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(tasks, timeout, unit);
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(command);
        }
    }

    /** The future of a task that was not scheduled because it would have done nothing. */
    private static final class Skipped implements ScheduledFuture<Object> {
        static final Skipped INSTANCE = new Skipped();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
