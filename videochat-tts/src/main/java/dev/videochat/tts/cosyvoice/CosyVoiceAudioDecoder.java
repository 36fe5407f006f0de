package dev.videochat.tts.cosyvoice;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.PcmDecoder;
import dev.videochat.core.audio.WavHeader;
import dev.videochat.ffmpeg.AudioStreamDecoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns the binary frames of one task, in the format asked for, into 16-bit mono PCM as each frame arrives. Not
 * thread-safe (the WebSocket delivers frames one at a time); close it to free the MP3 decoder's native memory.
 */
abstract sealed class CosyVoiceAudioDecoder implements AutoCloseable {

    /** A decoder for {@code format}; MP3 is decoded (and resampled if need be) to {@code sampleRate} Hz. */
    static CosyVoiceAudioDecoder of(CosyVoiceFormat format, int sampleRate) {
        return switch (format) {
            case PCM -> new Pcm(WavHeader.pcm16Mono(sampleRate, -1));
            case MP3 -> new Mp3(sampleRate);
            case WAV -> new Wav();
        };
    }

    /** The PCM that {@code frame} completes; possibly empty. */
    abstract AudioChunk decode(byte[] frame);

    /** What is still held back at the end of the task; possibly empty. */
    abstract AudioChunk finish();

    @Override
    public void close() {
    }

    private static final class Pcm extends CosyVoiceAudioDecoder {
        private final PcmDecoder pcm;

        Pcm(WavHeader format) {
            this.pcm = new PcmDecoder(format);
        }

        @Override
        AudioChunk decode(byte[] frame) {
            return pcm.decode(frame, 0, frame.length).orElse(empty());
        }

        @Override
        AudioChunk finish() {
            return empty();
        }

        private AudioChunk empty() {
            return new AudioChunk(new short[0], pcm.format().sampleRate());
        }
    }

    private static final class Mp3 extends CosyVoiceAudioDecoder {
        private final AudioStreamDecoder mp3;

        Mp3(int sampleRate) {
            this.mp3 = new AudioStreamDecoder("mp3", sampleRate);
        }

        @Override
        AudioChunk decode(byte[] frame) {
            return mp3.feed(frame);
        }

        @Override
        AudioChunk finish() {
            return mp3.finish();
        }

        @Override
        public void close() {
            mp3.close();
        }
    }

    /** Collects bytes until the RIFF header is complete (it may span frames), then decodes the rest as PCM. */
    private static final class Wav extends CosyVoiceAudioDecoder {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private Pcm pcm;

        @Override
        AudioChunk decode(byte[] frame) {
            if (pcm != null) {
                return pcm.decode(frame);
            }
            head.writeBytes(frame);
            ByteArrayInputStream in = new ByteArrayInputStream(head.toByteArray());
            WavHeader header;
            try {
                header = WavHeader.read(in);
            } catch (IOException e) {
                if (e instanceof EOFException || e.getCause() instanceof EOFException) {
                    return new AudioChunk(new short[0], AudioChunk.MIN_SAMPLE_RATE); // the header goes on
                }
                throw new UncheckedIOException("the wav stream's header is unreadable: " + e.getMessage(), e);
            }
            pcm = new Pcm(header);
            return pcm.decode(in.readAllBytes());
        }

        @Override
        AudioChunk finish() {
            return new AudioChunk(new short[0], pcm == null ? AudioChunk.MIN_SAMPLE_RATE : pcm.pcm.format().sampleRate());
        }
    }
}
