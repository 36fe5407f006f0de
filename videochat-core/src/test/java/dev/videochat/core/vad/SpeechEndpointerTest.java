package dev.videochat.core.vad;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Resampler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpointer's rules, on {@link LevelDetector} (probability = level / 10,000, 10 ms frames at 16 kHz): level
 * 8,000 is speech (0.8), 4,000 sits between the thresholds (0.4), 0 is silence. Times in the events are ms.
 */
class SpeechEndpointerTest {

    private static final int SPEECH = 8_000;
    private static final int BETWEEN = 4_000;
    private static final int MS = LevelDetector.RATE / 1000;

    private final LevelDetector detector = new LevelDetector();
    private final RecordingListener listener = new RecordingListener();

    private SpeechEndpointer endpointer(EndpointerOptions options) {
        return new SpeechEndpointer(detector, options, listener);
    }

    private List<String> run(AudioChunk audio) {
        try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
            e.accept(audio);
        }
        return listener.events;
    }

    @Test
    void speechBetweenSilencesIsOneUtteranceWithFrameExactEdges() {
        AudioChunk audio = new Signal(16_000).silence(1000).level(SPEECH, 1000).silence(1000).chunk();

        assertEquals(List.of("started 1000", "ended 1000-2000"), run(audio));
        assertEquals(Duration.ofMillis(1300), listener.utterances.get(0).duration(), "300 ms pre-roll + 1 s speech");
        assertEquals(16_000, listener.utterances.get(0).sampleRate());
    }

    @Test
    void silenceAloneReportsNothing() {
        assertEquals(List.of(), run(new Signal(16_000).silence(5000).chunk()));
    }

    @Test
    void speechStartedIsHeardOnceTheMinimumSpeechHasPassed() {
        AudioChunk audio = new Signal(16_000).silence(1000).level(SPEECH, 1000).silence(1000).chunk();
        List<Duration> heardAt = new ArrayList<>();
        SpeechEndpointer.Listener startsOnly = new SpeechEndpointer.Listener() {
            @Override
            public void speechStarted(Duration at) {
                heardAt.add(at);
            }

            @Override
            public void speechEnded(AudioChunk utterance, Duration start, Duration end) {
            }
        };
        try (SpeechEndpointer e = new SpeechEndpointer(detector, EndpointerOptions.defaults(), startsOnly)) {
            for (int i = 0; i < audio.sampleCount(); i += 10 * MS) {
                e.accept(audio.slice(i, i + 10 * MS));
                if (heardAt.size() == 1) {
                    heardAt.add(e.position());
                }
            }
        }
        assertEquals(List.of(Duration.ofMillis(1000), Duration.ofMillis(1250)), heardAt,
                "reported start, then the stream position when it was reported");
    }

    @Test
    void aBurstShorterThanTheMinimumSpeechIsDiscarded() {
        AudioChunk audio = new Signal(16_000).silence(1000).level(SPEECH, 100).silence(1000).chunk();

        assertEquals(List.of("discarded 100"), run(audio));
    }

    @Test
    void pausesShorterThanTheEndSilenceStayInsideTheUtterance() {
        AudioChunk audio = new Signal(16_000).silence(500).level(SPEECH, 500).silence(590).level(SPEECH, 500)
                .silence(1000).chunk();

        assertEquals(List.of("started 500", "ended 500-2090"), run(audio));
    }

    @Test
    void aPauseAsLongAsTheEndSilenceEndsTheUtterance() {
        AudioChunk audio = new Signal(16_000).silence(500).level(SPEECH, 500).silence(600).level(SPEECH, 500)
                .silence(1000).chunk();

        assertEquals(List.of("started 500", "ended 500-1000", "started 1600", "ended 1600-2100"), run(audio));
    }

    @Test
    void probabilitiesBetweenTheThresholdsKeepSpeechGoingButDoNotStartIt() {
        AudioChunk audio = new Signal(16_000).silence(500).level(BETWEEN, 1000).silence(1000)
                .level(SPEECH, 500).level(BETWEEN, 1000).silence(1000).chunk();

        assertEquals(List.of("started 2500", "ended 2500-4000"), run(audio));
    }

    @Test
    void theUtteranceCarriesThePreRollBeforeItsStart() {
        AudioChunk audio = new Signal(16_000).murmur(1000).level(SPEECH, 700).silence(1000).chunk();

        run(audio);

        AudioChunk expected = audio.slice(700 * MS, 1700 * MS);
        assertArrayEquals(expected.samples(), listener.utterances.get(0).samples(),
                "300 ms before the start, then the speech");
    }

    @Test
    void atTheStartOfTheStreamThePreRollIsWhatCameBefore() {
        AudioChunk audio = new Signal(16_000).murmur(100).level(SPEECH, 500).silence(1000).chunk();

        assertEquals(List.of("started 100", "ended 100-600"), run(audio));
        assertArrayEquals(audio.slice(0, 600 * MS).samples(), listener.utterances.get(0).samples());
    }

    @Test
    void aLongUtteranceIsCutAtTheMaximumAndGoesOnWithoutOverlap() {
        AudioChunk audio = new Signal(16_000).murmur(1000).level(SPEECH, 5000).silence(1000).chunk();
        try (SpeechEndpointer e = endpointer(EndpointerOptions.builder().maxUtterance(Duration.ofSeconds(2)).build())) {
            e.accept(audio);
        }

        assertEquals(List.of("started 1000", "ended 1000-3000", "started 3000", "ended 3000-5000",
                "started 5000", "ended 5000-6000"), listener.events);
        short[] joined = concat(listener.utterances);
        assertArrayEquals(audio.slice(700 * MS, 6000 * MS).samples(), joined,
                "the pieces join up: only the first has pre-roll, none repeats audio");
    }

    @Test
    void chunksOfAnySizeGiveTheSameUtterancesAsOneChunk() {
        AudioChunk audio = new Signal(16_000).murmur(800).level(SPEECH, 900).silence(700).level(SPEECH, 300)
                .silence(100).level(SPEECH, 50).silence(900).chunk();
        List<String> whole = new ArrayList<>(run(audio));
        short[] wholeAudio = concat(listener.utterances);
        listener.events.clear();
        listener.utterances.clear();

        try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
            for (int i = 0; i < audio.sampleCount(); i += 7) {
                e.accept(audio.slice(i, Math.min(audio.sampleCount(), i + 7)));
            }
        }

        assertEquals(whole, listener.events);
        assertArrayEquals(wholeAudio, concat(listener.utterances));
    }

    @Test
    void audioAtAnotherRateIsResampledAndTimedAtTheDetectorRate() {
        for (int rate : new int[] {8_000, 48_000}) {
            listener.events.clear();
            listener.utterances.clear();
            AudioChunk audio = new Signal(rate).silence(1000).level(SPEECH, 1000).silence(1000).chunk();
            try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
                for (int i = 0; i < audio.sampleCount(); i += 1234) {
                    e.accept(audio.slice(i, Math.min(audio.sampleCount(), i + 1234)));
                }
                e.flush();
            }
            assertEquals(List.of("started 1000", "ended 1000-2000"), listener.events, rate + " Hz");
            assertEquals(16_000, listener.utterances.get(0).sampleRate());
            assertEquals(Duration.ofMillis(1300), listener.utterances.get(0).duration(), rate + " Hz");
        }
    }

    @Test
    void flushEndsAnUtteranceInProgressAtTheLastSample() {
        AudioChunk audio = new Signal(16_000).silence(500).level(SPEECH, 1005).chunk();
        try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
            e.accept(audio);
            assertEquals(List.of("started 500"), listener.events);
            e.flush();
        }

        assertEquals(List.of("started 500", "ended 500-1505"), listener.events,
                "the last 5 ms (half a frame) count, padded with silence for the detector");
        assertEquals(Duration.ofMillis(1305), listener.utterances.get(0).duration());
    }

    @Test
    void flushDiscardsABurstShorterThanTheMinimum() {
        try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
            e.accept(new Signal(16_000).silence(500).level(SPEECH, 200).chunk());
            e.flush();
        }

        assertEquals(List.of("discarded 200"), listener.events);
    }

    @Test
    void afterFlushANewStreamStartsAtTimeZero() {
        AudioChunk audio = new Signal(16_000).silence(500).level(SPEECH, 500).chunk();
        try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
            e.accept(audio);
            e.flush();
            e.accept(audio);
            e.flush();
        }

        assertEquals(List.of("started 500", "ended 500-1000", "started 500", "ended 500-1000"), listener.events);
        assertTrue(detector.resets >= 2, "each flush resets the detector state");
    }

    @Test
    void resetForgetsAnUtteranceInProgress() {
        try (SpeechEndpointer e = endpointer(EndpointerOptions.defaults())) {
            e.accept(new Signal(16_000).silence(500).level(SPEECH, 500).chunk());
            e.reset();
            e.accept(new Signal(16_000).silence(200).level(SPEECH, 300).silence(1000).chunk());
            assertEquals(Duration.ofMillis(1500), e.position());
        }

        assertEquals(List.of("started 500", "started 200", "ended 200-500"), listener.events);
        assertEquals(1, detector.resets);
    }

    @Test
    void closeClosesTheDetectorStreamItOpenedAndRefusesMoreAudio() {
        SpeechEndpointer e = endpointer(EndpointerOptions.defaults());
        e.close();
        e.close();

        assertEquals(1, detector.opened);
        assertEquals(1, detector.closed);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> e.accept(AudioChunk.silence(160, 16_000)));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    @Test
    void resamplingKeepsLevelsSoEdgesStayPut() {
        // Guards the rate test above: the resampler must not smear a level step by more than a frame.
        AudioChunk step = new Signal(48_000).silence(1000).level(SPEECH, 1000).chunk();
        AudioChunk at16 = Resampler.convert(step, 16_000);
        assertEquals(0, at16.sample(990 * MS));
        assertEquals(SPEECH, at16.sample(1010 * MS), 40);
    }

    private static short[] concat(List<AudioChunk> chunks) {
        int total = chunks.stream().mapToInt(AudioChunk::sampleCount).sum();
        short[] all = new short[total];
        int at = 0;
        for (AudioChunk c : chunks) {
            c.copyTo(all, at);
            at += c.sampleCount();
        }
        return all;
    }
}
