package dev.videochat.examples.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what a test needs to know about a finished MP4 file from its boxes (ISO/IEC 14496-12): the movie's
 * duration ({@code mvhd}) and each track's handler ({@code vide}, {@code soun}) and duration ({@code mdhd}).
 * Decodes no media.
 *
 * @param seconds the movie's duration, seconds
 * @param tracks  the tracks, in file order
 */
record Mp4Probe(double seconds, List<Track> tracks) {

    /** One track: its handler type and its duration in seconds. */
    record Track(String handler, double seconds) {
    }

    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia");

    static Mp4Probe of(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        double[] movie = {0};
        List<Track> tracks = new ArrayList<>();
        walk(b, 0, b.limit(), movie, tracks, new String[1], new double[1]);
        return new Mp4Probe(movie[0], tracks);
    }

    boolean has(String handler) {
        return tracks.stream().anyMatch(t -> t.handler().equals(handler));
    }

    private static void walk(ByteBuffer b, int from, int to, double[] movie, List<Track> tracks, String[] handler,
                             double[] trackSeconds) {
        int at = from;
        while (at + 8 <= to) {
            long size = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(new byte[] {b.get(at + 4), b.get(at + 5), b.get(at + 6), b.get(at + 7)},
                    StandardCharsets.US_ASCII);
            int header = 8;
            if (size == 1) {
                size = b.getLong(at + 8);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || at + size > to) {
                return;
            }
            int body = at + header;
            int end = (int) (at + size);
            switch (type) {
                case "mvhd" -> movie[0] = Math.max(movie[0], duration(b, body));
                case "mdhd" -> trackSeconds[0] = duration(b, body);
                case "hdlr" -> handler[0] = new String(new byte[] {b.get(body + 8), b.get(body + 9), b.get(body + 10),
                        b.get(body + 11)}, StandardCharsets.US_ASCII);
                case "trak" -> {
                    handler[0] = "?";
                    trackSeconds[0] = 0;
                    walk(b, body, end, movie, tracks, handler, trackSeconds);
                    tracks.add(new Track(handler[0], trackSeconds[0]));
                }
                default -> {
                    if (CONTAINERS.contains(type)) {
                        walk(b, body, end, movie, tracks, handler, trackSeconds);
                    }
                }
            }
            at = end;
        }
    }

    /** duration / timescale of an mvhd or mdhd body. */
    private static double duration(ByteBuffer b, int body) {
        int version = b.get(body);
        if (version == 1) {
            long timescale = Integer.toUnsignedLong(b.getInt(body + 20));
            return timescale == 0 ? 0 : b.getLong(body + 24) / (double) timescale;
        }
        long timescale = Integer.toUnsignedLong(b.getInt(body + 12));
        return timescale == 0 ? 0 : Integer.toUnsignedLong(b.getInt(body + 16)) / (double) timescale;
    }
}
