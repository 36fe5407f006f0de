package dev.videochat.examples.embed;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.MetricsTable;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;

import java.util.Map;

/**
 * The dozen lines an application needs: build an engine once, open a session, speak, read the timings.
 * Run: {@code java ... dev.videochat.examples.embed.EmbeddingExample [output-folder]}.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String out = args.length > 0 ? args[0] : "videochat-out";
        try (VideoChatEngine engine = VideoChatEngine.builder()
                .synthesizer(Providers.synthesizer("freetts", Map.of()))
                .talkingHead(Providers.talkingHead("sprite", Map.of()))
                .muxer(Providers.muxer("ffmpeg", Map.of("output-dir", out)))
                .build();
             Session session = engine.openSession(SessionOptions.builder()
                     .listener(e -> {
                         if (e instanceof TurnEvent.SegmentReady s) {
                             System.out.println("playable: " + s.segment());
                         }
                     })
                     .build())) {
            TurnEvent end = session.speak("Embedding the SDK takes a dozen lines.").await();
            if (end instanceof TurnEvent.Done done) {
                System.out.print(MetricsTable.of(done.metrics()));
            } else {
                System.out.println("the turn ended with " + end);
            }
        }
    }
}
