package dev.videochat.ffmpeg;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushes a live stream to a real RTMP server on loopback (nginx with libnginx-mod-rtmp, started by
 * .ci/setup.d/nginx-rtmp.sh on 127.0.0.1:19350) and reads it back as a player would.
 */
class RtmpPushTest {

    private static final int PORT = 19350;

    private static boolean serverUp() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aLiveStreamPushedToNginxCanBeReadBack() throws Exception {
        Assumptions.assumeTrue(serverUp(), "skipped: no RTMP server on 127.0.0.1:" + PORT
                + " (run .ci/setup.d/nginx-rtmp.sh)");
        String url = "rtmp://127.0.0.1:" + PORT + "/live/" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch readerDone = new CountDownLatch(1);
        AtomicReference<Throwable> pushFailure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("outputs", "rtmp", "rtmp-url", url))) {
                MuxSession mux = muxer.open(new MediaFormat(64, 64, PixelFormat.RGB24, 25, 22_050), s -> { });
                long start = System.nanoTime();
                // A live source: one second of media per second, until the reader has what it needs (20 s at most).
                for (int second = 0; second < 20 && readerDone.getCount() > 0; second++) {
                    short[] pcm = new short[22_050];
                    for (int i = 0; i < pcm.length; i++) {
                        pcm[i] = (short) (5000 * Math.sin(2 * Math.PI * 440 * i / 22_050.0));
                    }
                    mux.writeAudio(new AudioChunk(pcm, 22_050));
                    for (int f = 0; f < 25; f++) {
                        mux.writeVideo(VideoFrame.of(64, 64, PixelFormat.RGB24, second * 25L + f, new byte[64 * 64 * 3]));
                    }
                    mux.endPacket();
                    LockSupport.parkNanos(start + (second + 1) * 1_000_000_000L - System.nanoTime());
                }
                mux.close();
            } catch (Throwable t) {
                pushFailure.set(t);
            }
        }, "rtmp-publisher");
        publisher.start();
        Map<String, Integer> packets = new HashMap<>();
        Map<String, String> codecs = new HashMap<>();
        AVFormatContext in = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "rw_timeout", "10000000", 0);
        try {
            int ret = -1;
            for (int attempt = 0; attempt < 20 && ret < 0; attempt++) {
                ret = avformat_open_input(in, url, null, options);
                if (ret < 0) {
                    in = new AVFormatContext(null);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                }
            }
            assertTrue(ret >= 0, "the stream could be opened for reading: " + Ffmpeg.describe(ret));
            Ffmpeg.check(avformat_find_stream_info(in, (AVDictionary) null), "reading stream info");
            AVPacket packet = av_packet_alloc();
            while (packets.getOrDefault("video", 0) < 50 && av_read_frame(in, packet) >= 0) {
                var par = in.streams(packet.stream_index()).codecpar();
                String type = par.codec_type() == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
                packets.merge(type, 1, Integer::sum);
                codecs.put(type, avcodec_get_name(par.codec_id()).getString());
                av_packet_unref(packet);
            }
            av_packet_free(packet);
        } finally {
            readerDone.countDown();
            av_dict_free(options);
            avformat_close_input(in);
            publisher.join(30_000);
        }
        assertNull(pushFailure.get(), () -> "publishing failed: " + pushFailure.get());
        assertEquals("h264", codecs.get("video"));
        assertEquals("aac", codecs.get("audio"));
        assertTrue(packets.get("video") >= 50 && packets.getOrDefault("audio", 0) > 0, "read back " + packets);
    }

    @Test
    void anUnreachableServerFailsAfterABoundedRetryNamingTheServer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "rtmp://127.0.0.1:" + closed + "/live/secret-key";
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("outputs", "rtmp", "rtmp-url", url))) {
            RemoteServiceException e = assertThrows(RemoteServiceException.class,
                    () -> muxer.open(new MediaFormat(64, 64, PixelFormat.RGB24, 25, 22_050), s -> { }));
            assertTrue(e.getMessage().contains("127.0.0.1:" + closed) && e.getMessage().contains(RtmpPush.ATTEMPTS
                    + " attempts"), e.getMessage());
            assertTrue(!e.getMessage().contains("secret-key"), "the stream key is not printed: " + e.getMessage());
        }
    }
}
