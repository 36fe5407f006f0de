package dev.videochat.asr.funasr;

import dev.videochat.api.asr.Transcript;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.TestAssets;
import dev.videochat.api.RemoteServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transcribes against a loopback peer that answers the way each FunASR server does. */
class FunAsrServersTest {

    private static Transcript transcribe(FunAsrTestbed bed, AudioChunk clip) throws Exception {
        return bed.recognizer.transcribe(clip).result().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theSharedAssetReachesTheServerByteForByteAfterTheConfigurationIn60MillisecondFrames() throws Exception {
        AudioChunk clip = Wav.read(TestAssets.require(FunAsrTestbed.ASSET));
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppTwoPass())) {
            transcribe(bed, clip);

            byte[] expected = Wav.toPcm16le(clip);
            assertEquals(177_494, expected.length, "the asset's PCM data, 88,747 samples");
            assertArrayEquals(expected, bed.peer.pcm());
            List<Integer> frames = bed.peer.frameSizes();
            assertTrue(frames.subList(0, frames.size() - 1).stream().allMatch(n -> n == 1920), "60 ms = 1920 bytes");
            assertEquals(expected.length, frames.stream().mapToInt(Integer::intValue).sum());
            assertEquals(List.of(), bed.peer.problems());
        }
    }

    @Test
    void theConfigurationCarriesChunkSizePcmAndTheRateAndTheEndOfSpeechFollowsTheAudio() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppTwoPass(),
                Map.of("hotwords", "阿里巴巴 20, 通义实验室 30", "chunk-size", "8,8,4", "itn", "false"))) {
            transcribe(bed, FunAsrTestbed.speech());

            Map<String, Object> config = bed.peer.config();
            assertEquals("2pass", config.get("mode"));
            assertEquals(List.of(8, 8, 4), config.get("chunk_size"));
            assertEquals("pcm", config.get("wav_format"));
            assertEquals(16000, config.get("audio_fs"));
            assertEquals(true, config.get("is_speaking"));
            assertEquals("{\"阿里巴巴\":20,\"通义实验室\":30}", config.get("hotwords"));
            assertEquals(false, config.get("itn"));
            assertEquals("t", config.get("wav_name"));
            assertEquals(false, bed.peer.end().get("is_speaking"));
            assertEquals(List.of(), bed.peer.problems());
        }
    }

    @Test
    void theTwoPassServersSentencesReplaceItsOnlineDeltasAndOnlyItsFlushEndsTheTranscript() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppTwoPass())) {
            AudioChunk clip = FunAsrTestbed.speech();
            Transcript t = transcribe(bed, clip);

            assertEquals(FunAsrScripts.WHOLE, t.text());
            assertEquals("", t.language());
            assertEquals(clip.duration().toMillis(), t.audio().toMillis());
        }
    }

    @Test
    void theOfflineServersOneResultEndsTheTranscriptThoughItSaysIsFinalFalse() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppOffline(), Map.of("mode", "offline"))) {
            Transcript t = transcribe(bed, FunAsrTestbed.speech());

            assertEquals(FunAsrScripts.WHOLE, t.text());
            assertEquals("offline", bed.peer.config().get("mode"));
        }
    }

    @Test
    void theOfflineServersResultEndsTheTranscriptEvenWhenTwoPassWasAskedFor() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppOffline())) {
            assertEquals(FunAsrScripts.WHOLE, transcribe(bed, FunAsrTestbed.speech()).text());
        }
    }

    @Test
    void thePythonServersIsEndAcknowledgementEndsTheTranscript() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.python())) {
            Transcript t = transcribe(bed, FunAsrTestbed.speech());

            assertEquals(FunAsrScripts.WHOLE, t.text());
            assertEquals(true, bed.peer.end().get("is_end"), "the acknowledgement is asked for");
        }
    }

    @Test
    void senseVoiceTagsAreStrippedAndItsLanguageKept() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.senseVoice(), Map.of("svs-lang", "zh"))) {
            Transcript t = transcribe(bed, FunAsrTestbed.speech());

            assertEquals(FunAsrScripts.WHOLE, t.text());
            assertEquals("zh", t.language());
            assertEquals("zh", bed.peer.config().get("svs_lang"));
            assertEquals(true, bed.peer.config().get("svs_itn"));
        }
    }

    @Test
    void inOnlineModeTheDeltasMakeTheWholeTranscript() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppOnline(), Map.of("mode", "online"))) {
            assertEquals("欢迎大家来体验", transcribe(bed, FunAsrTestbed.speech()).text());
            assertEquals("online", bed.peer.config().get("mode"));
        }
    }

    @Test
    void aStreamingSessionReportsTheRunningHypothesisAndEachSentence() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppTwoPass())) {
            RecordingTranscripts handler = new RecordingTranscripts();
            AudioChunk clip = FunAsrTestbed.speech();
            var session = bed.recognizer.open(handler);
            for (int at = 0; at < clip.sampleCount(); at += 1600) {
                session.feed(clip.slice(at, Math.min(clip.sampleCount(), at + 1600))); // 100 ms as a microphone gives
            }
            Transcript whole = session.finish().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertEquals(List.of("欢迎", "欢迎大家", "来体验", "推出的"), handler.partials);
            assertEquals(FunAsrScripts.TWO_PASS_SENTENCES, handler.finalTexts());
            assertEquals(Duration.ofMillis(1200), handler.finals.get(0).audio(), "end_time - start_time");
            assertEquals(FunAsrScripts.WHOLE, whole.text());
            assertArrayEquals(Wav.toPcm16le(clip), bed.peer.pcm());
        }
    }

    @Test
    void inOnlineModeTheLastHypothesisBecomesTheSessionsOnlySentence() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppOnline(), Map.of("mode", "online"))) {
            RecordingTranscripts handler = new RecordingTranscripts();
            var session = bed.recognizer.open(handler);
            session.feed(FunAsrTestbed.speech());
            session.finish().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertEquals(List.of("欢迎大家", "欢迎大家来体验"), handler.partials);
            assertEquals(List.of("欢迎大家来体验"), handler.finalTexts());
        }
    }

    @Test
    void aServerWithItsSelfSignedCertificateIsReachedOnlyWithTrustAllCertificates(@TempDir Path keys)
            throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.cppOffline());
             SelfSignedTlsFront tls = new SelfSignedTlsFront(keys, bed.server.address())) {
            try (FunAsrRecognizer trusting = new FunAsrRecognizer(FunAsrSettings.from(
                    Map.of("url", tls.url(), "trust-all-certificates", "true")))) {
                assertEquals(FunAsrScripts.WHOLE, trusting.transcribe(FunAsrTestbed.speech()).result()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS).text());
            }
            try (FunAsrRecognizer strict = new FunAsrRecognizer(FunAsrSettings.from(Map.of("url", tls.url())))) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> strict.transcribe(FunAsrTestbed.speech()).result()
                                .toCompletableFuture().get(30, TimeUnit.SECONDS));
                String m = assertInstanceOf(RemoteServiceException.class, e.getCause()).getMessage();
                assertTrue(m.contains("TLS handshake failed") && m.contains("self-signed"), m);
            }
        }
    }
}
