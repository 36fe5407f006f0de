package dev.videochat.tts.freetts;

import com.sun.speech.freetts.audio.AudioPlayer;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.tts.synthesis.SynthesisCall;

import javax.sound.sampled.AudioFormat;

/**
 * A FreeTTS audio "player" that plays nothing: it converts each block of samples FreeTTS writes (on the voice's
 * output thread, while the next utterance is still being synthesized) into an {@link AudioChunk} and passes it to
 * the synthesis it is attached to. Returning {@code false} from {@link #write} is how FreeTTS is told to stop.
 * One per FreeTTS voice; used by one synthesis at a time.
 */
final class PcmForwardingPlayer implements AudioPlayer {

    private volatile SynthesisCall call;
    private volatile Throwable failure;
    private AudioFormat format;
    private int pendingByte = -1;

    /** Sends the following writes to {@code target}. */
    void attach(SynthesisCall target) {
        call = target;
        failure = null;
        pendingByte = -1;
    }

    /** Stops forwarding and returns what went wrong while forwarding, if anything. */
    Throwable detach() {
        call = null;
        return failure;
    }

    @Override
    public boolean write(byte[] audio, int offset, int length) {
        SynthesisCall target = call;
        if (target == null || failure != null) {
            return false;
        }
        try {
            AudioChunk chunk = toChunk(audio, offset, length);
            return chunk == null ? !target.isCancelled() : target.deliver(chunk);
        } catch (Throwable e) {
            // Thrown on FreeTTS's output thread it would be lost: keep it for the synthesis to report.
            failure = e;
            return false;
        }
    }

    @Override
    public boolean write(byte[] audio) {
        return write(audio, 0, audio.length);
    }

    private AudioChunk toChunk(byte[] audio, int offset, int length) {
        AudioFormat f = format;
        if (f == null || f.getSampleSizeInBits() != 16 || f.getChannels() != 1
                || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
            throw new IllegalStateException("FreeTTS produced an unexpected audio format: " + f
                    + " (expected 16-bit signed mono PCM)");
        }
        boolean bigEndian = f.isBigEndian();
        int total = length + (pendingByte >= 0 ? 1 : 0);
        short[] samples = new short[total / 2];
        int i = offset;
        int end = offset + length;
        for (int s = 0; s < samples.length; s++) {
            int first;
            if (s == 0 && pendingByte >= 0) {
                first = pendingByte;
                pendingByte = -1;
            } else {
                first = audio[i++] & 0xFF;
            }
            int second = audio[i++] & 0xFF;
            samples[s] = (short) (bigEndian ? (first << 8) | second : (second << 8) | first);
        }
        if (i < end) {
            pendingByte = audio[i] & 0xFF;
        }
        return samples.length == 0 ? null : new AudioChunk(samples, Math.round(f.getSampleRate()));
    }

    @Override
    public void setAudioFormat(AudioFormat audioFormat) {
        format = audioFormat;
    }

    @Override
    public AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public void begin(int size) {
        // Utterance sizes are not needed: audio is forwarded as it is written.
    }

    @Override
    public boolean end() {
        return call != null && !call.isCancelled();
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public void reset() {
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }

    @Override
    public float getVolume() {
        return 1f;
    }

    @Override
    public void setVolume(float volume) {
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
}
