package dev.videochat.examples.cli;

import dev.videochat.api.Provider;
import dev.videochat.api.asr.SpeechRecognizerProvider;
import dev.videochat.api.llm.ChatModelProvider;
import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.s2s.SpeechToSpeechModelProvider;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.core.provider.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code videochat providers}: the engines found on the class path, stage by stage, with the variable that names
 * one and the default. What it lists is what a name in the settings can choose.
 */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "Lists the engines there are for each stage, with the variable that chooses one.")
final class ProvidersCommand implements Callable<Integer> {

    /** A stage's engines: the service type, the variable that names one, its default (empty: none). */
    private record StageEngines(String title, Class<? extends Provider<?>> type, String variable, String fallback) {
    }

    private static final List<StageEngines> STAGES = List.of(
            new StageEngines("voice (TTS)", SpeechSynthesizerProvider.class, "VIDEOCHAT_TTS",
                    EngineFactory.DEFAULT_TTS),
            new StageEngines("talking head (THG)", TalkingHeadProvider.class, "VIDEOCHAT_THG",
                    EngineFactory.DEFAULT_THG),
            new StageEngines("muxer", MuxerProvider.class, "VIDEOCHAT_MUX", EngineFactory.DEFAULT_MUX),
            new StageEngines("language model (LLM)", ChatModelProvider.class, "VIDEOCHAT_LLM", ""),
            new StageEngines("speech recognizer (ASR)", SpeechRecognizerProvider.class, "VIDEOCHAT_ASR", ""),
            new StageEngines("speech-to-speech model", SpeechToSpeechModelProvider.class, "VIDEOCHAT_S2S", ""),
            new StageEngines("voice activity detector", VoiceActivityDetectorProvider.class, "VIDEOCHAT_VAD",
                    EngineFactory.DEFAULT_VAD));

    @ParentCommand
    private VideoChatCommand root;

    @Override
    public Integer call() {
        PrintStream out = root.out();
        for (StageEngines stage : STAGES) {
            out.println(stage.title() + ": " + stage.variable()
                    + (stage.fallback().isEmpty() ? " (none by default)" : " (default " + stage.fallback() + ")"));
            List<? extends Provider<?>> found = Providers.all(stage.type());
            if (found.isEmpty()) {
                out.println("  (none on the class path)");
            }
            for (Provider<?> provider : found) {
                out.println(String.format("  %-18s %s", provider.name(), provider.description()));
            }
        }
        return 0;
    }
}
