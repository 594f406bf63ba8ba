package dev.skirmish.engine.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Garbage collection pauses, as the JVM reports each collection (HotSpot's GC notifications), in a
 * {@link DurationHistogram}. Concurrent collectors' cycles (ZGC, Shenandoah, G1's concurrent phases) are
 * reported too; their "duration" is the cycle, not a stop of the application, and is labelled by collector.
 * {@link #stop()} removes the listeners (an undeployed application must not stay registered).
 */
public final class GcPauses implements NotificationListener {
    private final DurationHistogram pauses = new DurationHistogram();
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    /** Starts listening to every collector that reports its collections. */
    public synchronized GcPauses start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(this, null, null);
                emitters.add(e);
            }
        }
        return this;
    }

    public synchronized void stop() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }

    @Override
    public synchronized void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        pauses.record(info.getGcInfo().getDuration() * 1_000_000L);
    }

    /** Durations of the collections seen since {@link #start()} (millisecond resolution, as the JVM reports). */
    public DurationHistogram pauses() {
        return pauses;
    }
}
