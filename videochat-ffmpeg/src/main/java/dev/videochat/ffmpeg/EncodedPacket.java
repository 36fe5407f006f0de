package dev.videochat.ffmpeg;

/**
 * One encoded packet, copied out of FFmpeg so it can be muxed into several outputs and kept for the final file.
 *
 * @param stream   {@link #VIDEO} or {@link #AUDIO}
 * @param pts      presentation time in the encoder's time base (1/fps for video, 1/sample rate for audio)
 * @param dts      decoding time in the same base
 * @param duration in the same base
 * @param key      whether it starts a group of pictures (always true for audio)
 * @param data     the encoded bytes
 */
record EncodedPacket(int stream, long pts, long dts, long duration, boolean key, byte[] data) {

    static final int VIDEO = 0;
    static final int AUDIO = 1;
}
