package dev.videochat.core.testing;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.video.VideoFrame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A muxer that encodes nothing: it counts samples and frames, checks their format, and cuts a segment (whose bytes
 * describe it) at each packet end. Can fail at a given cut. Logs {@code mux start N} / {@code mux end N}.
 */
public final class SimulatedMuxer implements Muxer {

    private final StageLog log;
    private volatile int failAtCut = -1;
    public final List<Session> sessions = new CopyOnWriteArrayList<>();

    public SimulatedMuxer(StageLog log) {
        this.log = log;
    }

    /** The {@code index}-th cut (from 0) fails. */
    public SimulatedMuxer failAtCut(int index) {
        this.failAtCut = index;
        return this;
    }

    @Override
    public String name() {
        return "simulated-mux";
    }

    @Override
    public MuxSession open(MediaFormat format, SegmentSink sink) {
        Session s = new Session(format, sink);
        sessions.add(s);
        return s;
    }

    /** What one session was fed. */
    public final class Session implements MuxSession {
        private final MediaFormat format;
        private final SegmentSink sink;
        public volatile long samples;
        public volatile long frames;
        public volatile long speakingFrames;
        public volatile int cuts;
        public volatile boolean closed;
        /** Writes, cuts or closes that came after {@link #close()}. */
        public volatile int usedAfterClose;
        /** The threads that wrote to it, each listed again whenever the writing thread changes. */
        public final List<String> writers = new CopyOnWriteArrayList<>();
        private String lastWriter;
        private long cutSamples;
        private boolean inPacket;

        Session(MediaFormat format, SegmentSink sink) {
            this.format = format;
            this.sink = sink;
        }

        @Override
        public MediaFormat format() {
            return format;
        }

        private void touched() {
            if (closed) {
                usedAfterClose++;
            }
            String name = Thread.currentThread().getName();
            if (!name.equals(lastWriter)) {
                lastWriter = name;
                writers.add(name);
            }
        }

        private void begin() {
            touched();
            if (!inPacket) {
                inPacket = true;
                log.add("mux start " + cuts);
            }
        }

        @Override
        public void writeAudio(AudioChunk chunk) {
            if (chunk.sampleRate() != format.sampleRate()) {
                throw new IllegalArgumentException("audio at " + chunk.sampleRate() + " Hz, stream is "
                        + format.sampleRate() + " Hz");
            }
            begin();
            samples += chunk.sampleCount();
        }

        @Override
        public void writeVideo(VideoFrame frame) {
            if (frame.width() != format.width() || frame.height() != format.height()) {
                throw new IllegalArgumentException("frame " + frame.width() + "x" + frame.height());
            }
            begin();
            if ((frame.pixels().get(0) & 0xFF) == SimulatedTalkingHead.SPEAKING) {
                speakingFrames++;
            }
            frames++;
        }

        @Override
        public void endPacket() {
            touched();
            if (cuts == failAtCut) {
                throw new IllegalStateException("simulated encoder failure at cut " + cuts);
            }
            long rate = format.sampleRate();
            Duration start = Duration.ofNanos(cutSamples * 1_000_000_000L / rate);
            Duration duration = Duration.ofNanos((samples - cutSamples) * 1_000_000_000L / rate);
            cutSamples = samples;
            byte[] data = ("segment " + cuts + " samples=" + samples + " frames=" + frames)
                    .getBytes(StandardCharsets.US_ASCII);
            log.add("mux end " + cuts);
            sink.onSegment(new MediaSegment(cuts, ContainerFormat.OTHER, start, duration, data, Optional.empty()));
            cuts++;
            inPacket = false;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
