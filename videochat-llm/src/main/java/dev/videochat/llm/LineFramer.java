package dev.videochat.llm;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines ending in {@code \n}, {@code \r\n} or a lone {@code \r}, whatever way the bytes were
 * split across network reads. Works on bytes, not characters: a line-break byte never occurs inside a multi-byte
 * UTF-8 sequence, so a character split across two reads is simply joined again in the line buffer, and the JSON
 * parser decodes the whole line. Not thread-safe.
 */
final class LineFramer {

    /** Receives each complete line, without its terminator; the bytes are only valid during the call. */
    interface LineSink {
        void line(byte[] bytes, int length) throws StreamFailure, InterruptedException;
    }

    private final LineSink sink;
    private final int maxLineBytes;
    private byte[] line = new byte[1024];
    private int length;
    private boolean afterCarriageReturn;

    /**
     * @param sink         where complete lines go
     * @param maxLineBytes the longest line accepted, in bytes; longer ones are a {@link StreamFailure}
     */
    LineFramer(LineSink sink, int maxLineBytes) {
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
    }

    /** Consumes {@code count} bytes of {@code buffer} from {@code offset}, emitting every line they complete. */
    void feed(byte[] buffer, int offset, int count) throws StreamFailure, InterruptedException {
        for (int i = offset, end = offset + count; i < end; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                if (afterCarriageReturn) {
                    afterCarriageReturn = false; // the \n of a \r\n: the line was already emitted at the \r
                    continue;
                }
                emit();
            } else if (b == '\r') {
                afterCarriageReturn = true;
                emit();
            } else {
                afterCarriageReturn = false;
                append(b);
            }
        }
    }

    /** Emits a last line that the stream ended without terminating. */
    void finish() throws StreamFailure, InterruptedException {
        if (length > 0) {
            emit();
        }
    }

    private void append(byte b) throws StreamFailure {
        if (length >= maxLineBytes) {
            throw new StreamFailure("a line of the stream is longer than " + maxLineBytes + " bytes");
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, length * 2));
        }
        line[length++] = b;
    }

    private void emit() throws StreamFailure, InterruptedException {
        int n = length;
        length = 0;
        sink.line(line, n);
    }
}
