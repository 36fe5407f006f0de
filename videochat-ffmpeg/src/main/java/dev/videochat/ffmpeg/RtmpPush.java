package dev.videochat.ffmpeg;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Opens the live FLV push to an RTMP server, retrying a few times before giving up with the URL in the error. */
final class RtmpPush {

    private static final Logger log = LoggerFactory.getLogger(RtmpPush.class);
    static final int ATTEMPTS = 3;
    static final long BACKOFF_MILLIS = 500;

    private RtmpPush() {
    }

    static ContainerWriter connect(String url, AVCodecContext video, AVCodecContext audio) {
        VideoChatException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                ContainerWriter writer = new ContainerWriter("flv", url, Map.of("flvflags", "no_duration_filesize"),
                        video, audio);
                log.info("publishing to {}", withoutKey(url));
                return writer;
            } catch (VideoChatException e) {
                last = e;
                log.warn("RTMP connect attempt {}/{} to {} failed: {}", attempt, ATTEMPTS, withoutKey(url),
                        e.getMessage().replace(url, withoutKey(url)));
                if (attempt < ATTEMPTS) {
                    try {
                        TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        throw new RemoteServiceException(Stage.MUX, Ffmpeg.PROVIDER, URI.create(withoutKey(url)), -1, true,
                "cannot publish to the RTMP server after " + ATTEMPTS + " attempts: "
                        + (last == null ? "interrupted" : last.getMessage().replace(url, withoutKey(url))), null);
    }

    /** The URL without its last path part, which is usually the stream key. */
    static String withoutKey(String url) {
        int slash = url.lastIndexOf('/');
        return slash > "rtmp://".length() ? url.substring(0, slash) + "/***" : url;
    }
}
