package com.example;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.MetricsTable;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.ffmpeg.FfmpegMuxer;
import dev.videochat.llm.DashScopeChatModel;
import dev.videochat.sprite.SpriteTalkingHead;
import dev.videochat.tts.freetts.FreeTtsSynthesizer;

import java.nio.file.Path;

public final class Hello {

    public static void main(String[] args) throws Exception {
        VideoChatEngine.Builder builder = VideoChatEngine.builder()
                .synthesizer(FreeTtsSynthesizer.builder().build())                 // offline English voice
                .talkingHead(SpriteTalkingHead.builder().build())                  // CPU avatar, no weights
                .muxer(FfmpegMuxer.builder().outputDir(Path.of("out")).build());   // MP4, HLS, MPEG-TS
        String key = System.getenv("DASHSCOPE_API_KEY");
        if (key != null) {
            builder.chatModel(DashScopeChatModel.builder().apiKey(key).model("qwen-plus").build());
        }
        try (VideoChatEngine engine = builder.build();
             Session session = engine.openSession(SessionOptions.builder()
                     .listener(event -> System.out.println(event))
                     .build())) {
            Turn turn = key != null
                    ? session.say("What can you do?")                             // the LLM answers, the avatar speaks
                    : session.speak("Hello! I speak the text I am given.");       // no LLM: speak the text as is
            TurnEvent end = turn.await();
            if (!(end instanceof TurnEvent.Done done)) {
                throw new IllegalStateException("the turn did not finish: " + end);
            }
            System.out.print(MetricsTable.of(done.metrics()));                   // per-packet latency
        }
    }
}
