package dev.videochat.realtime;

import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.s2s.SpeechToSpeechModel;

import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A speech-to-speech model behind the OpenAI Realtime protocol (OpenAI, Qwen-Omni-Realtime, a server of your
 * own). Each {@link #open} is one WebSocket holding one conversation. Thread-safe; close it to close every
 * conversation it opened.
 */
public final class RealtimeSpeechModel implements SpeechToSpeechModel {

    private final RealtimeSettings settings;
    private final HttpClient client;
    private final ScheduledExecutorService timers;
    private final Set<RealtimeConversation> open = ConcurrentHashMap.newKeySet();

    /** A model reached with {@code settings}; nothing connects until {@link #open}. */
    public RealtimeSpeechModel(RealtimeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "realtime-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return RealtimeProvider.NAME;
    }

    /** The settings this model was made with. */
    public RealtimeSettings settings() {
        return settings;
    }

    /**
     * Connects and configures the session (voice, formats, turn detection, instructions).
     *
     * @param instructions the system prompt; empty: the one in the settings, if any
     * @throws dev.videochat.api.RemoteServiceException when the server cannot be reached or refuses the key
     */
    @Override
    public SpeechConversation open(Optional<String> instructions) {
        Objects.requireNonNull(instructions, "instructions");
        RealtimeConversation[] self = new RealtimeConversation[1];
        RealtimeConversation c = RealtimeConversation.open(settings, client, timers, instructions,
                () -> open.remove(self[0]));
        self[0] = c;
        open.add(c);
        return c;
    }

    @Override
    public void close() {
        for (RealtimeConversation c : open) {
            c.close();
        }
        timers.shutdown();
    }
}
