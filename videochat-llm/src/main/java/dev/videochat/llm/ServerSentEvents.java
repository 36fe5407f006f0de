package dev.videochat.llm;

import java.util.Arrays;

/**
 * Assembles server-sent events from lines, as the WHATWG event-stream format says: {@code data:} lines (one
 * leading space removed) accumulate, joined by {@code \n}; a blank line dispatches the event; comment lines
 * (starting with {@code :}, such as {@code : keep-alive}) and the {@code event}, {@code id} and {@code retry}
 * fields are ignored, since chat completions use only the data. Not thread-safe.
 */
final class ServerSentEvents implements LineFramer.LineSink {

    /** Receives each event's data; the bytes are only valid during the call. */
    interface DataSink {
        void data(byte[] bytes, int length) throws StreamFailure, InterruptedException;
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    private final DataSink sink;
    private byte[] data = new byte[1024];
    private int length;
    private boolean pending;

    ServerSentEvents(DataSink sink) {
        this.sink = sink;
    }

    @Override
    public void line(byte[] bytes, int count) throws StreamFailure, InterruptedException {
        if (count == 0) {
            dispatch();
            return;
        }
        if (bytes[0] == ':') {
            return;
        }
        int colon = indexOf(bytes, count, (byte) ':');
        int nameLength = colon < 0 ? count : colon;
        if (nameLength != DATA.length || !Arrays.equals(bytes, 0, nameLength, DATA, 0, DATA.length)) {
            return;
        }
        int valueStart = colon < 0 ? count : colon + 1;
        if (valueStart < count && bytes[valueStart] == ' ') {
            valueStart++;
        }
        if (pending) {
            append(new byte[] {'\n'}, 0, 1);
        }
        append(bytes, valueStart, count - valueStart);
        pending = true;
    }

    /** Dispatches an event whose closing blank line never came (the stream ended right after its data). */
    void finish() throws StreamFailure, InterruptedException {
        dispatch();
    }

    private void dispatch() throws StreamFailure, InterruptedException {
        if (!pending) {
            return;
        }
        pending = false;
        int n = length;
        length = 0;
        sink.data(data, n);
    }

    private void append(byte[] bytes, int offset, int count) {
        if (length + count > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, data, length, count);
        length += count;
    }

    private static int indexOf(byte[] bytes, int count, byte b) {
        for (int i = 0; i < count; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
