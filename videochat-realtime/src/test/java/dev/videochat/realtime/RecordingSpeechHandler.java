package dev.videochat.realtime;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.s2s.SpeechHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what a response streamed, and counts callbacks that come after {@link #sealed} was set. */
class RecordingSpeechHandler implements SpeechHandler {

    final List<AudioChunk> audio = new CopyOnWriteArrayList<>();
    final List<String> transcript = new CopyOnWriteArrayList<>();
    final List<String> userTranscripts = new CopyOnWriteArrayList<>();
    final CountDownLatch firstAudio = new CountDownLatch(1);
    final AtomicInteger afterSeal = new AtomicInteger();
    volatile boolean sealed;

    @Override
    public void onAudio(AudioChunk chunk) {
        check();
        audio.add(chunk);
        firstAudio.countDown();
    }

    @Override
    public void onTranscript(String delta) {
        check();
        transcript.add(delta);
    }

    @Override
    public void onUserTranscript(String text) {
        check();
        userTranscripts.add(text);
    }

    private void check() {
        if (sealed) {
            afterSeal.incrementAndGet();
        }
    }

    /** Every sample received, in order. */
    short[] samples() {
        int n = audio.stream().mapToInt(AudioChunk::sampleCount).sum();
        short[] all = new short[n];
        int at = 0;
        for (AudioChunk c : audio) {
            c.copyTo(all, at);
            at += c.sampleCount();
        }
        return all;
    }
}
