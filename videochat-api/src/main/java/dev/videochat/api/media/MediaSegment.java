package dev.videochat.api.media;

import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A piece of encoded, playable media.
 *
 * @param sequence  the segment's number in its stream, from 0
 * @param format    the container
 * @param start     the presentation time of its first sample, from the start of the session's stream
 * @param duration  how long it plays
 * @param data      the encoded bytes (copied in; {@link #data()} returns a copy)
 * @param file      where it was written, when it was written to a file
 */
public record MediaSegment(long sequence, ContainerFormat format, Duration start, Duration duration, byte[] data,
                           Optional<Path> file) {

    public MediaSegment {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(file, "file");
        data = data.clone();
    }

    /** A copy of the encoded bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The size of the encoded bytes. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MediaSegment other && other.sequence == sequence && other.format == format
                && other.start.equals(start) && other.duration.equals(duration) && Arrays.equals(other.data, data)
                && other.file.equals(file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, format, start, duration, Arrays.hashCode(data), file);
    }

    @Override
    public String toString() {
        return "MediaSegment[#" + sequence + " " + format + " start=" + start + " duration=" + duration + " "
                + data.length + " bytes" + file.map(f -> " " + f).orElse("") + "]";
    }
}
