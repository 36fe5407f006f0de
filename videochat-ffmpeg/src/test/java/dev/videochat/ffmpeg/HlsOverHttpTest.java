package dev.videochat.ffmpeg;

import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live playlist, served over HTTP on loopback and fetched as a player would: while the session is live (at
 * every cut) and once it has ended. Every listed segment is fully decoded, and its decoded length compared with its
 * {@code #EXTINF} and with the configured segment target.
 */
class HlsOverHttpTest {

    private static final int RATE = 16_000;
    private static final int FPS = 25;
    /** The configured {@code segment-target}: 2 s, 50 frames. */
    private static final int TARGET_FRAMES = 2 * FPS;
    /** Three packets of 3.3 s: each longer than the target, so each is also cut inside. */
    private static final int PACKETS = 3;
    private static final int PACKET_SAMPLES = 52_800;
    /** One AAC frame, in samples. */
    private static final int AAC_FRAME = 1024;

    @TempDir
    Path dir;
    private HttpServer server;
    private HttpClient http;
    private URI playlistUri;
    private int fetched;

    /** One listed segment: its name and its {@code #EXTINF}, seconds. */
    private record Entry(String name, double seconds) {
    }

    /** A parsed playlist. */
    private record Playlist(String text, int targetDuration, List<Entry> entries, boolean ended) {
    }

    @BeforeEach
    void serveTheOutputFolder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean ok = file.startsWith(dir) && Files.isRegularFile(file);
            byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        http = HttpClient.newHttpClient();
        // The muxer's first session writes into session-001.
        playlistUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/session-001/stream.m3u8");
    }

    @AfterEach
    void stopServing() {
        server.stop(0);
    }

    @Test
    void everyListedSegmentDecodesToItsListedLengthAndNoneOutgrowsTheTarget() throws Exception {
        int[] liveChecks = {0};
        long samples = 0;
        long frames = 0;
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(), "outputs", "hls",
                "segment-target", "2s"))) {
            // At each cut, while the session is live, a player fetching the playlist gets only complete segments.
            MuxSession mux = muxer.open(new MediaFormat(32, 32, PixelFormat.RGB24, FPS, RATE), segment -> {
                if (segment.format() == ContainerFormat.MPEG_TS) {
                    Playlist live = fetchPlaylist();
                    assertFalse(live.ended(), "a live playlist is not ended:\n" + live.text());
                    assertTrue(live.entries().size() >= segment.sequence() + 1,
                            "segment " + segment.sequence() + " is listed once written:\n" + live.text());
                    live.entries().forEach(this::fetchAndDecode);
                    liveChecks[0]++;
                }
            });
            for (int p = 0; p < PACKETS; p++) {
                short[] pcm = new short[PACKET_SAMPLES];
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (3000 * Math.sin(2 * Math.PI * 330 * i / RATE));
                }
                mux.writeAudio(new AudioChunk(pcm, RATE));
                samples += PACKET_SAMPLES;
                for (long f = frames; f < FrameClock.framesFor(samples, RATE, FPS); f++) {
                    mux.writeVideo(VideoFrame.of(32, 32, PixelFormat.RGB24, f, new byte[32 * 32 * 3]));
                    frames++;
                }
                mux.endPacket();
            }
            assertTrue(liveChecks[0] >= 2 * PACKETS, "the playlist was checked at each cut while live: "
                    + liveChecks[0]);
            mux.close();
        }

        Playlist ended = fetchPlaylist();
        assertTrue(ended.text().startsWith("#EXTM3U") && ended.ended(), ended.text());
        long decodedFrames = 0;
        long decodedSamples = 0;
        for (Entry entry : ended.entries()) {
            DecodedMedia media = fetchAndDecode(entry);
            DecodedMedia.Stream video = media.only("video");
            DecodedMedia.Stream audio = media.only("audio");
            assertEquals("h264", video.codec(), entry.name());
            assertEquals("aac", audio.codec(), entry.name());
            assertTrue(video.frames() <= TARGET_FRAMES, entry.name() + " holds " + video.frames()
                    + " frames, more than the configured target of " + TARGET_FRAMES);
            assertTrue(entry.seconds() <= ended.targetDuration(), entry + " exceeds #EXT-X-TARGETDURATION:"
                    + ended.targetDuration());
            // A segment's audio covers the span of its video, give or take what the AAC encoder still holds when
            // the segment is cut: the partial frame, the frame it looks ahead to and the priming frame (3 frames
            // at most). That audio starts the next segment, so no sample is lost.
            double audioSeconds = audio.samples() / (double) RATE;
            if (video.frames() > 0) {
                assertEquals(entry.seconds(), audioSeconds, 3.5 * AAC_FRAME / RATE,
                        entry.name() + ": decoded audio of " + audioSeconds + " s against #EXTINF " + entry.seconds());
            }
            decodedFrames += video.frames();
            decodedSamples += audio.samples();
        }
        assertEquals(frames, decodedFrames, "every frame written is in exactly one segment");
        // The encoder adds one frame of priming and pads the last partial frame.
        assertEquals(samples + AAC_FRAME, decodedSamples, AAC_FRAME, "every sample written is in the segments");
        // Each 3.3 s packet is cut once near the 2 s target and once at its end.
        List<Integer> lengths = new ArrayList<>();
        for (Entry e : ended.entries()) {
            lengths.add((int) Math.round(e.seconds() * FPS));
        }
        assertTrue(lengths.size() >= 2 * PACKETS, "segments: " + lengths);
        for (int p = 0; p < PACKETS; p++) {
            assertTrue(lengths.get(2 * p) >= TARGET_FRAMES - 2, "the cut inside packet " + p
                    + " is near the target; segment lengths in frames: " + lengths);
        }
    }

    /** Fetches a listed segment, decodes all of it and checks its decoded video length is its #EXTINF. */
    private DecodedMedia fetchAndDecode(Entry entry) {
        Path local = dir.resolve("fetched-" + fetched++ + ".ts");
        HttpResponse<Path> got = send(HttpRequest.newBuilder(playlistUri.resolve(entry.name())).build(),
                HttpResponse.BodyHandlers.ofFile(local));
        assertEquals(200, got.statusCode(), entry.name() + " is listed, so it is served");
        DecodedMedia media = DecodedMedia.of(local);
        DecodedMedia.Stream video = media.only("video");
        if (video.frames() > 0) {
            assertEquals(entry.seconds(), video.frames() / (double) FPS, 0.0015,
                    entry.name() + " decodes to " + video.frames() + " frames against #EXTINF " + entry.seconds());
        } else {
            // The encoders' tail after the last frame: audio only, listed with the length of its audio.
            double audioSeconds = media.only("audio").samples() / (double) RATE;
            assertEquals(entry.seconds(), audioSeconds, 0.0015, entry.name() + " (audio only) decodes to "
                    + audioSeconds + " s against #EXTINF " + entry.seconds());
        }
        return media;
    }

    private Playlist fetchPlaylist() {
        String text = send(HttpRequest.newBuilder(playlistUri).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> lines = text.lines().toList();
        int target = -1;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring("#EXT-X-TARGETDURATION:".length()));
            } else if (line.startsWith("#EXTINF:")) {
                entries.add(new Entry(lines.get(i + 1),
                        Double.parseDouble(line.substring("#EXTINF:".length(), line.indexOf(',')))));
            }
        }
        assertTrue(target > 0, "the playlist has a target duration:\n" + text);
        return new Playlist(text, target, entries, lines.contains("#EXT-X-ENDLIST"));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new AssertionError("fetching " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted fetching " + request.uri(), e);
        }
    }
}
