package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared set-up for the tests that run libwebrtc. */
final class TestWebRtc {

    private TestWebRtc() {
    }

    /** A transport, or the calling test is skipped with the reason libwebrtc cannot start here. */
    static WebRtcTransport transport(WebRtcTransport.Builder builder) {
        try {
            return builder.build();
        } catch (WebRtcException e) {
            Assumptions.abort("skipped: libwebrtc cannot run on this machine: " + e.getMessage());
            throw e;
        }
    }

    static WebRtcTransport transport() {
        return transport(WebRtcTransport.builder());
    }

    /**
     * A transport for a test that connects two peers: libwebrtc gathers no candidates on loopback, so such a test
     * needs an interface that is up and not loopback; without one it is skipped, saying so.
     */
    static WebRtcTransport connectingTransport() {
        Assumptions.assumeTrue(hasNetworkInterface(), "skipped: libwebrtc gathers no ICE candidates on loopback, and "
                + "this machine has no other network interface up (add one, e.g. a veth pair, to run this test)");
        return transport();
    }

    private static boolean hasNetworkInterface() {
        try {
            var interfaces = java.net.NetworkInterface.getNetworkInterfaces();
            while (interfaces.hasMoreElements()) {
                var i = interfaces.nextElement();
                if (i.isUp() && !i.isLoopback() && i.getInetAddresses().hasMoreElements()) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return false;
        }
        return false;
    }

    /** The JFK clip (shared assets), at {@code rate}; skips the test when the assets are absent. */
    static AudioChunk jfk(int rate) throws IOException {
        Path file = TestAssets.require("audio/en/jfk.wav");
        return Resampler.convert(Wav.read(file), rate);
    }

    /** Names and counts of this process's OS threads (Java and native alike), from /proc. */
    static Map<String, Integer> threadNames() throws IOException {
        Path tasks = Path.of("/proc/self/task");
        Assumptions.assumeTrue(Files.isDirectory(tasks), "skipped: thread names need Linux /proc");
        Map<String, Integer> names = new TreeMap<>();
        List<Path> dirs;
        try (var list = Files.list(tasks)) {
            dirs = new ArrayList<>(list.toList());
        }
        for (Path dir : dirs) {
            try {
                names.merge(Files.readString(dir.resolve("comm")).strip(), 1, Integer::sum);
            } catch (IOException gone) {
                // The thread ended while listing.
            }
        }
        return names;
    }
}
