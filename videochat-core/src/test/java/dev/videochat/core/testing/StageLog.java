package dev.videochat.core.testing;

import java.util.ArrayList;
import java.util.List;

/** An ordered record of what the simulated stages did ("tts start 0", "thg end 1", ...), shared by them. */
public final class StageLog {

    private final List<String> entries = new ArrayList<>();

    public synchronized void add(String entry) {
        entries.add(entry);
    }

    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    /** The position of the first entry equal to {@code entry}, or -1. */
    public synchronized int indexOf(String entry) {
        return entries.indexOf(entry);
    }

    public synchronized List<String> matching(String prefix) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e.startsWith(prefix)) {
                out.add(e);
            }
        }
        return out;
    }
}
