package dev.videochat.core.media;

import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.thg.FrameClock;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live playlist, served over HTTP on loopback as a player would fetch it. */
class HlsOverHttpTest {

    @Test
    void everyListedSegmentDecodesAndNoneOutgrowsTheTarget(@TempDir Path dir) throws Exception {
        int rate = 16_000;
        int fps = 25;
        Path folder;
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(), "outputs", "hls",
                "segment-target", "2s"))) {
            MuxSession mux = muxer.open(new MediaFormat(32, 32, PixelFormat.RGB24, fps, rate), s -> { });
            long samples = 0;
            long frames = 0;
            // Three packets of 3.3 s: each longer than the target, so they are also cut at key frames.
            for (int p = 0; p < 3; p++) {
                int length = 52_800;
                short[] pcm = new short[length];
                for (int i = 0; i < length; i++) {
                    pcm[i] = (short) (3000 * Math.sin(2 * Math.PI * 330 * i / rate));
                }
                mux.writeAudio(new AudioChunk(pcm, rate));
                samples += length;
                for (long f = frames; f < FrameClock.framesFor(samples, rate, fps); f++) {
                    mux.writeVideo(VideoFrame.of(32, 32, PixelFormat.RGB24, f, new byte[32 * 32 * 3]));
                    frames++;
                }
                mux.endPacket();
            }
            mux.close();
        }
        try (var stream = Files.list(dir)) {
            folder = stream.findFirst().orElseThrow();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = folder.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean ok = file.startsWith(folder) && Files.isRegularFile(file);
            byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            String playlist = http.send(HttpRequest.newBuilder(base.resolve("stream.m3u8")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(playlist.startsWith("#EXTM3U") && playlist.contains("#EXT-X-ENDLIST"), playlist);
            int target = Integer.parseInt(playlist.lines().filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                    .findFirst().orElseThrow().substring(22));
            List<String> lines = playlist.lines().toList();
            double total = 0;
            int segments = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("#EXTINF:")) {
                    continue;
                }
                double listed = Double.parseDouble(lines.get(i).substring(8, lines.get(i).indexOf(',')));
                assertTrue(listed <= target, "segment of " + listed + " s exceeds the target " + target);
                Path local = dir.resolve("fetched-" + segments + ".ts");
                HttpResponse<Path> got = http.send(HttpRequest.newBuilder(base.resolve(lines.get(i + 1))).build(),
                        HttpResponse.BodyHandlers.ofFile(local));
                assertEquals(200, got.statusCode(), lines.get(i + 1));
                List<MediaProbe.Stream> streams = MediaProbe.streams(local);
                assertEquals(List.of("h264", "aac"), streams.stream().map(MediaProbe.Stream::codec).toList());
                total += listed;
                segments++;
            }
            assertTrue(segments >= 6, "3 packets of 3.3 s with a 2 s target make at least 6 segments: " + segments);
            assertEquals(9.9, total, 0.2);
        } finally {
            server.stop(0);
        }
    }
}
