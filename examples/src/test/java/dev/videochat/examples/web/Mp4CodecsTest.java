package dev.videochat.examples.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codec string the page opens its Media Source Extensions buffer with. */
class Mp4CodecsTest {

    @Test
    void readsProfileAndLevelFromAvcCAndTheAudioObjectTypeFromEsds() {
        ByteArrayOutputStream init = new ByteArrayOutputStream();
        init.writeBytes("....moov....avcC".getBytes(StandardCharsets.US_ASCII));
        init.writeBytes(new byte[] {1, 0x64, 0x00, 0x28}); // High profile, level 4.0
        init.writeBytes("....mp4a....esds".getBytes(StandardCharsets.US_ASCII));
        init.writeBytes(new byte[] {0, 0, 0, 0});           // version and flags
        init.writeBytes(new byte[] {0x03, 0x19, 0x00, 0x01, 0x00});  // ES_Descriptor, ES_ID 1, no flags
        init.writeBytes(new byte[] {0x04, 0x11, 0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // MPEG-4 audio
        init.writeBytes(new byte[] {0x05, 0x02, 0x2b, 0x10}); // AudioSpecificConfig: object type 5 (HE-AAC)
        assertEquals("avc1.640028,mp4a.40.5", Mp4Codecs.of(init.toByteArray()));
    }

    @Test
    void fallsBackToBaselineH264AndAacLcWhenNothingIsRecognised() {
        assertEquals("avc1.42e01e,mp4a.40.2", Mp4Codecs.of(new byte[16]));
    }
}
