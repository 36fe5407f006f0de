package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink a session is built with before any browser connects. */
class ForwardingMediaSinkTest {

    private static final class Recording implements RawMediaSink {
        final List<Object> got = new ArrayList<>();

        @Override
        public void onAudio(AudioChunk chunk) {
            got.add(chunk);
        }

        @Override
        public void onVideo(VideoFrame frame) {
            got.add(frame);
        }

        @Override
        public void discardPending() {
            got.add("discard");
        }
    }

    @Test
    void aDiscardReachesTheAttachedSink() {
        ForwardingMediaSink sink = new ForwardingMediaSink();
        sink.discardPending();
        Recording peer = new Recording();
        sink.attach(peer);
        sink.discardPending();
        org.junit.jupiter.api.Assertions.assertEquals(List.of("discard"), peer.got);
    }

    @Test
    void mediaWithNothingAttachedIsDropped() {
        new ForwardingMediaSink().onAudio(AudioChunk.silence(10, 24_000));
    }

    @Test
    void attachingASecondSinkReturnsTheFirstAndForwardsOnlyToTheSecond() {
        ForwardingMediaSink sink = new ForwardingMediaSink();
        Recording first = new Recording();
        Recording second = new Recording();
        assertTrue(sink.attach(first).isEmpty());
        assertSame(first, sink.attach(second).orElseThrow());
        sink.onAudio(AudioChunk.silence(10, 24_000));
        assertEquals(0, first.got.size());
        assertEquals(1, second.got.size());
    }

    @Test
    void aReplacedSinkCannotDetachItsSuccessor() {
        ForwardingMediaSink sink = new ForwardingMediaSink();
        Recording first = new Recording();
        Recording second = new Recording();
        sink.attach(first);
        sink.attach(second);
        assertFalse(sink.detach(first));
        assertSame(second, sink.attached().orElseThrow());
        assertTrue(sink.detach(second));
        assertTrue(sink.attached().isEmpty());
    }
}
