package dev.videochat.ffmpeg;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.ffmpeg.testing.Mp3Fixture;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioDecodingTest {

    private static AudioChunk tone(double hz, int rate, double seconds) {
        short[] s = new short[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (9000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new AudioChunk(s, rate);
    }

    /** The tone's frequency, from the rate of upward zero crossings. */
    private static double frequency(AudioChunk a) {
        int crossings = 0;
        for (int i = 1; i < a.sampleCount(); i++) {
            if (a.sample(i - 1) < 0 && a.sample(i) >= 0) {
                crossings++;
            }
        }
        return crossings / (a.sampleCount() / (double) a.sampleRate());
    }

    @Test
    void bytesArrivingAfterCloseAreRefusedInsteadOfReachingFreedMemory() {
        byte[] mp3 = Mp3Fixture.encode(tone(440, 24_000, 0.5));
        AudioStreamDecoder decoder = new AudioStreamDecoder("mp3", 16_000);
        decoder.feed(Arrays.copyOfRange(mp3, 0, mp3.length / 2));
        decoder.close();
        decoder.close();
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> decoder.feed(Arrays.copyOfRange(mp3, mp3.length / 2, mp3.length)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("mp3 decoder is closed"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, decoder::finish);
    }

    @Test
    void anMp3StreamFedInRandomPiecesDecodesToTheSameToneAtTheRequestedRate() {
        byte[] mp3 = Mp3Fixture.encode(tone(440, 24_000, 2.0));
        Random random = new Random(5);
        short[] all = new short[0];
        try (AudioStreamDecoder decoder = new AudioStreamDecoder("mp3", 16_000)) {
            for (int at = 0; at < mp3.length; ) {
                int n = Math.min(mp3.length - at, 1 + random.nextInt(700));
                AudioChunk out = decoder.feed(Arrays.copyOfRange(mp3, at, at + n));
                all = concat(all, out);
                at += n;
            }
            all = concat(all, decoder.finish());
        }
        AudioChunk decoded = new AudioChunk(all, 16_000);
        assertEquals(2.0, decoded.sampleCount() / 16_000.0, 0.1, "duration");
        assertEquals(440, frequency(decoded.slice(4_000, 28_000)), 5);
    }

    @Test
    void aWavAssetDecodesLikeTheWavReaderAndResamples() throws Exception {
        Path jfk = TestAssets.require("audio/en/jfk.wav");
        AudioChunk reference = Wav.read(jfk);
        AudioChunk same = AudioFiles.decode(jfk, 16_000);
        assertEquals(reference.sampleCount(), same.sampleCount());
        for (int i = 0; i < 1000; i++) {
            assertEquals(reference.sample(40_000 + i), same.sample(40_000 + i), 1);
        }
        AudioChunk at24 = AudioFiles.decode(jfk, 24_000);
        assertEquals(reference.sampleCount() * 1.5, at24.sampleCount(), 64);
    }

    @Test
    void anMp3FileDecodesToo(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("tone.mp3"), Mp3Fixture.encode(tone(300, 22_050, 1.0)));
        AudioChunk pcm = AudioFiles.decode(file, 22_050);
        assertEquals(1.0, pcm.sampleCount() / 22_050.0, 0.1);
        assertEquals(300, frequency(pcm.slice(2_000, 20_000)), 5);
    }

    @Test
    void anOggVorbisFileDecodesToTheSameToneAtTheRequestedRate(@TempDir Path dir) {
        String encoder = EncodedAudioFixture.hasEncoder("libvorbis") ? "libvorbis" : "vorbis";
        Assumptions.assumeTrue(EncodedAudioFixture.hasEncoder(encoder), "skipped: these natives have no Vorbis encoder");
        Path file = dir.resolve("tone.ogg");
        // Stereo, as FFmpeg's own Vorbis encoder needs: decoding mixes it down to mono.
        EncodedAudioFixture.write(file, "ogg", encoder, tone(440, 44_100, 1.5), 2);
        AudioChunk pcm = AudioFiles.decode(file, 16_000);
        assertEquals(1.5, pcm.sampleCount() / 16_000.0, 0.05, "duration");
        assertEquals(440, frequency(pcm.slice(2_000, 22_000)), 5);
    }

    @Test
    void anOggOpusFileDecodesToTheSameToneWithItsPreSkipRemoved(@TempDir Path dir) {
        String encoder = EncodedAudioFixture.hasEncoder("libopus") ? "libopus" : "opus";
        Assumptions.assumeTrue(EncodedAudioFixture.hasEncoder(encoder), "skipped: these natives have no Opus encoder");
        Path file = dir.resolve("tone.opus");
        EncodedAudioFixture.write(file, "ogg", encoder, tone(440, 48_000, 1.5), 1);
        AudioChunk pcm = AudioFiles.decode(file, 16_000);
        // Opus codes 20 ms frames; the last is padded, and the Ogg pre-skip removes the encoder's priming.
        assertEquals(1.5, pcm.sampleCount() / 16_000.0, 0.021, "duration");
        assertEquals(440, frequency(pcm.slice(2_000, 22_000)), 5);
    }

    @Test
    void adtsAacDecodesAsAFileAndAsAStreamFedInRandomPieces(@TempDir Path dir) throws Exception {
        int rate = 16_000;
        AudioChunk source = tone(440, rate, 2.0);
        Path file = dir.resolve("tone.aac");
        int priming = EncodedAudioFixture.write(file, "adts", "aac", source, 1);
        assertEquals(1024, priming, "FFmpeg's AAC encoder primes with one frame");
        // Raw ADTS carries no priming or length: the decoder gives the priming frame and the padded last frame.
        AudioChunk fromFile = AudioFiles.decode(file, rate);
        assertEquals(source.sampleCount() + priming, fromFile.sampleCount(), 1024, "samples decoded from the file");
        assertEquals(440, frequency(fromFile.slice(4_000, 28_000)), 5);
        byte[] adts = Files.readAllBytes(file);
        Random random = new Random(11);
        short[] all = new short[0];
        try (AudioStreamDecoder decoder = new AudioStreamDecoder("aac", rate)) {
            for (int at = 0; at < adts.length; ) {
                int n = Math.min(adts.length - at, 1 + random.nextInt(300));
                all = concat(all, decoder.feed(Arrays.copyOfRange(adts, at, at + n)));
                at += n;
            }
            all = concat(all, decoder.finish());
        }
        assertEquals(fromFile.sampleCount(), all.length, "the stream decodes to as many samples as the file");
        assertEquals(440, frequency(new AudioChunk(all, rate).slice(4_000, 28_000)), 5);
    }

    @Test
    void missingCorruptAndTruncatedFilesAreNamedInTheError(@TempDir Path dir) throws Exception {
        var missing = assertThrows(VideoChatException.class, () -> AudioFiles.decode(dir.resolve("none.wav"), 16_000));
        assertTrue(missing.getMessage().contains("none.wav"), missing.getMessage());
        Path junk = Files.write(dir.resolve("junk.mp3"), new byte[] {0x12, 0x34, 0x56, 0x78, 0x01, 0x02});
        var corrupt = assertThrows(VideoChatException.class, () -> AudioFiles.decode(junk, 16_000));
        assertTrue(corrupt.getMessage().contains("junk.mp3"), corrupt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AudioFiles.decode(junk, 4_000));
    }

    private static short[] concat(short[] a, AudioChunk b) {
        short[] out = Arrays.copyOf(a, a.length + b.sampleCount());
        b.copyTo(out, a.length);
        return out;
    }
}
