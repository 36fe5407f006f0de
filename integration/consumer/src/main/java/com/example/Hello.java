package com.example;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;

import java.util.Map;

public final class Hello {

    public static void main(String[] args) throws Exception {
        VideoChatEngine.Builder builder = VideoChatEngine.builder()
                .synthesizer(Providers.synthesizer("freetts", Map.of()))          // offline English voice
                .talkingHead(Providers.talkingHead("sprite", Map.of()))           // CPU avatar, no weights
                .muxer(Providers.muxer("ffmpeg", Map.of("output-dir", "out")));   // MP4, HLS, MPEG-TS
        String key = System.getenv("DASHSCOPE_API_KEY");
        if (key != null) {
            builder.chatModel(Providers.chatModel("dashscope", Map.of()));        // Qwen answers say(...)
        }
        try (VideoChatEngine engine = builder.build();
             Session session = engine.openSession(SessionOptions.builder()
                     .listener(event -> System.out.println(event))
                     .build())) {
            Turn turn = key != null
                    ? session.say("What can you do?")                             // the LLM answers, the avatar speaks
                    : session.speak("Hello! I speak the text I am given.");       // no LLM: speak the text as is
            TurnEvent end = turn.await();
            if (!(end instanceof TurnEvent.Done)) {
                throw new IllegalStateException("the turn did not finish: " + end);
            }
        }
    }
}
