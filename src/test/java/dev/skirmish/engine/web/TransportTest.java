package dev.skirmish.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What each container measure of the {@link Transport} does, without a container. */
class TransportTest {

    @Test
    void sendsRunOnASenderThreadWithThePlatformLoaderInTheOrderTheyCame() throws Exception {
        Transport t = Transport.start(Thread::new, 2, 1024);
        try {
            Object connection = new Object();
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(500);
            for (int i = 0; i < 500; i++) {
                int n = i;
                assertTrue(t.execute(connection, () -> {
                    order.add(n);
                    threads.add(Thread.currentThread().getName());
                    loaders.add(Thread.currentThread().getContextClassLoader());
                    done.countDown();
                }));
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 500; i++) {
                assertEquals(i, order.get(i), "one connection's sends keep their order");
            }
            assertEquals(1, threads.stream().distinct().count(), "one connection, one sender thread");
            assertTrue(threads.get(0).startsWith("skirmish-send-"));
            assertNotEquals(Thread.currentThread().getName(), threads.get(0));
            assertTrue(loaders.stream().allMatch(l -> l == ClassLoader.getPlatformClassLoader()));
            assertEquals(2, t.threads());
            waitFor(() -> t.sends() == 500);
        } finally {
            t.stop();
        }
    }

    @Test
    void aFullQueueRefusesTheSendAndCountsIt() throws Exception {
        Transport t = Transport.start(Thread::new, 1, 1024);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        try {
            Object connection = new Object();
            t.execute(connection, () -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            int accepted = 0;
            while (t.execute(connection, () -> { })) {
                accepted++;
            }
            assertEquals(1024, accepted, "the queue's capacity, then refusal");
            assertEquals(1, t.rejected());
            assertEquals(1024, t.queued());
        } finally {
            release.countDown();
            t.stop();
        }
        assertFalse(t.execute(new Object(), () -> { }), "a stopped transport refuses");
    }

    @Test
    void aDirectTransportSendsOnTheCallersThreadAndRestoresItsLoader() {
        Transport t = Transport.direct();
        ClassLoader mine = Thread.currentThread().getContextClassLoader();
        AtomicInteger ran = new AtomicInteger();
        assertTrue(t.execute(new Object(), () -> {
            assertSame(ClassLoader.getPlatformClassLoader(), Thread.currentThread().getContextClassLoader());
            ran.incrementAndGet();
        }));
        assertEquals(1, ran.get());
        assertSame(mine, Thread.currentThread().getContextClassLoader());
        assertEquals(0, t.threads());
    }

    @Test
    void theIdleTimerBypassIsCountedWhereItCannotBeInstalled() {
        Transport t = Transport.direct();
        t.attach(session(0));
        assertEquals(0, t.bypassed());
        assertEquals(1, t.notBypassed(), "not a Tyrus session: counted, nothing changed");
    }

    @Test
    void theBypassDropsIdleTimeoutTasksOnlyWhileTheSessionHasNoIdleTimeout() throws Exception {
        ScheduledExecutorService container = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger idleRuns = new AtomicInteger();
            AtomicInteger otherRuns = new AtomicInteger();
            Runnable idle = idleRuns::incrementAndGet;
            long[] timeout = {0};
            IdleTimerBypass.Filter f = new IdleTimerBypass.Filter(container, session(timeout), r -> r == idle);
            ScheduledFuture<?> skipped = f.schedule(idle, 0, TimeUnit.MILLISECONDS);
            assertTrue(skipped.isDone(), "dropped: a finished future, nothing scheduled");
            f.schedule(otherRuns::incrementAndGet, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            timeout[0] = 30_000; // someone sets an idle timeout: Tyrus' task runs again
            f.schedule(idle, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            assertEquals(1, idleRuns.get());
            assertEquals(1, otherRuns.get());
        } finally {
            container.shutdownNow();
        }
    }

    private static Session session(long idleTimeout) {
        return session(new long[]{idleTimeout});
    }

    private static Session session(long[] idleTimeout) {
        return (Session) Proxy.newProxyInstance(TransportTest.class.getClassLoader(), new Class<?>[]{Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMaxIdleTimeout" -> idleTimeout[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }
}
