package dev.skirmish.engine.lobby;

import java.util.ArrayDeque;
import java.util.List;

/** The last messages of one chat channel, oldest first, bounded. Thread-safe. */
public final class ChatLog<T> {
    private final ArrayDeque<T> messages;
    private final int capacity;

    public ChatLog(int capacity) {
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(capacity);
    }

    public synchronized void add(T message) {
        if (messages.size() == capacity) {
            messages.pollFirst();
        }
        messages.addLast(message);
    }

    /** Takes the messages of another log in place of this one's. */
    public void replaceWith(ChatLog<T> other) {
        List<T> copy = other.snapshot();
        synchronized (this) {
            messages.clear();
            for (T m : copy.subList(Math.max(0, copy.size() - capacity), copy.size())) {
                messages.addLast(m);
            }
        }
    }

    public synchronized List<T> snapshot() {
        return List.copyOf(messages);
    }
}
