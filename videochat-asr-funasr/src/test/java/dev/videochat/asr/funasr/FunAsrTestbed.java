package dev.videochat.asr.funasr;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.TestAssets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link FunAsrPeer} on a loopback WebSocket server and a recognizer pointed at it; closes both. */
final class FunAsrTestbed implements AutoCloseable {

    /** The shared asset fed to the peer when present (5.55 s of Mandarin, 16 kHz mono). */
    static final String ASSET = "audio/zh/asr_example_zh.wav";

    final FunAsrPeer peer;
    final LoopbackWebSocketServer server;
    final FunAsrRecognizer recognizer;

    FunAsrTestbed(FunAsrPeer.Script script, Map<String, String> settings) throws IOException {
        this.peer = new FunAsrPeer(script);
        this.server = new LoopbackWebSocketServer(peer);
        Map<String, String> all = new HashMap<>(Map.of("url", server.uri("").toString(), "wav-name", "t",
                "final-timeout", "20s"));
        all.putAll(settings);
        this.recognizer = new FunAsrRecognizer(FunAsrSettings.from(all));
    }

    FunAsrTestbed(FunAsrPeer.Script script) throws IOException {
        this(script, Map.of());
    }

    /** The shared asset when it is there, else 1.5 s of a 220 Hz tone (25 frames of 60 ms). */
    static AudioChunk speech() throws IOException {
        Optional<Path> asset = TestAssets.root().map(root -> root.resolve(ASSET)).filter(Files::exists);
        if (asset.isPresent()) {
            return Wav.read(asset.get());
        }
        short[] tone = new short[24_000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        return new AudioChunk(tone, 16_000);
    }

    @Override
    public void close() throws IOException {
        recognizer.close();
        server.close();
    }
}
