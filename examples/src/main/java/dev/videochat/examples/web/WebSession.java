package dev.videochat.examples.web;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.Voice;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.voice.VoiceEvent;
import dev.videochat.core.pipeline.ListeningOptions;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VoiceInput;
import dev.videochat.webrtc.ForwardingMediaSink;
import dev.videochat.webrtc.PeerOptions;
import dev.videochat.webrtc.PeerState;
import dev.videochat.webrtc.WhipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One browser tab: its pipeline session, the event stream to the page and the media stream of the session now
 * open. Changing the avatar or the voice closes the pipeline session and opens a new one (a new generation, with a
 * media stream of its own, since the video restarts from a new init segment). Thread-safe.
 *
 * <p>Over WebRTC, each generation's session writes its raw frames and voice to the tab's one
 * {@link ForwardingMediaSink}, to which the WHIP endpoint attaches the tab's browser peer whenever it connects (a
 * reconnect replaces it); the peer's microphone goes to the session's {@link VoiceInput} when the engine has a
 * voice activity detector, and what it hears reaches the page as {@code voice} events.
 */
final class WebSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebSession.class);

    private final String id;
    private final String tag;
    private final DemoEngines engines;
    private final EventChannel events = new EventChannel();
    private final ForwardingMediaSink toBrowser = new ForwardingMediaSink();
    private final WhipEndpoint.Target whipTarget;
    private final boolean stampFrames;
    private volatile VoiceInput listening;
    private volatile long lastSeenNanos = System.nanoTime();
    private Session session;
    private MediaChannel media;
    private Turn turn;
    private String avatar;
    private Voice voice;
    private int generation;
    private boolean closed;

    /**
     * @param id      the unguessable id the tab names its session by (a secret: never logged)
     * @param tag     a short name for the logs, such as {@code "tab 3"}
     * @param engines what the session is opened on
     * @param stampFrames whether frames sent over WebRTC carry their index in the picture ({@link FrameIndexStamp})
     */
    WebSession(String id, String tag, DemoEngines engines, boolean stampFrames) {
        this.id = id;
        this.tag = tag;
        this.engines = engines;
        this.stampFrames = stampFrames;
        this.whipTarget = new WhipEndpoint.Target(toBrowser, PeerOptions.builder()
                .microphone(this::heard)
                .onStateChange(this::peerState)
                .build());
    }

    /** Where the WHIP endpoint attaches this tab's browser peer, and what the peer does with the microphone. */
    WhipEndpoint.Target whipTarget() {
        return whipTarget;
    }

    String id() {
        return id;
    }

    /** The session's name in the logs: not its id, which is the tab's key to it. */
    String tag() {
        return tag;
    }

    EventChannel events() {
        return events;
    }

    /** Notes that the tab showed a sign of life. */
    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    /** Whether the tab has neither an event stream attached nor shown life for {@code timeoutNanos}. */
    boolean idleLongerThan(long timeoutNanos) {
        return !events.isAttached() && System.nanoTime() - lastSeenNanos > timeoutNanos;
    }

    /**
     * Opens (or reopens) the pipeline session with {@code avatar} and {@code voice}; empty values keep the
     * current ones (or take the defaults the first time).
     *
     * @throws dev.videochat.api.ConfigurationException when the avatar cannot be loaded
     * @throws Http.Refused                             when the avatar is not one the talking head lists, or the
     *                                                  voice not one the synthesizer offers
     */
    synchronized Map<String, Object> open(Optional<String> newAvatar, Optional<String> newVoice) {
        if (closed) {
            throw new Http.Refused(409, "this session is closed: reload the page to start a new one");
        }
        String nextAvatar = newAvatar.map(this::avatarNamed).orElse(avatar != null ? avatar
                : engines.avatars().isEmpty() ? null : engines.avatars().get(0));
        Voice nextVoice = newVoice.map(this::voiceNamed).orElse(voice != null ? voice : engines.voices().get(0));
        closePipeline();
        MediaChannel channel = new MediaChannel(++generation);
        // Live: the avatar idles between answers, so the page plays one continuous stream. The SDK writes an
        // answer in step with the wall clock (a 100 ms lead), so a stop or a new question cuts it off at the page
        // within a fragment, and the idle frames that follow close the mouth: no frozen frame at an answer's end.
        RawMediaSink raw = stampFrames ? new FrameIndexStamp(toBrowser) : toBrowser;
        SessionOptions.Builder options = SessionOptions.builder().voice(nextVoice).live(true)
                .speechToSpeech(engines.speechToSpeech())
                .segmentSink(channel::offer).rawSink(raw).listener(this::onEvent);
        if (nextAvatar != null) {
            options.avatar(nextAvatar);
        }
        session = engines.engine().openSession(options.build());
        media = channel;
        listening = listen(session);
        avatar = session.avatar().id();
        voice = nextVoice;
        Map<String, Object> state = describe();
        events.send("session", Json.object(state));
        log.info("web {} generation {}: avatar {}, voice {}", tag, generation, avatar, voice.id());
        return state;
    }

    /**
     * {@code name} when the talking head lists it. Only listed names reach the engine: anything else (a path
     * above all) is refused without being opened, so no file's content can come back in an error.
     */
    private String avatarNamed(String name) {
        if (!engines.avatars().contains(name)) {
            throw new Http.Refused(400, "unknown avatar '" + clip(name) + "'; choose one of "
                    + engines.avatars());
        }
        return name;
    }

    private Voice voiceNamed(String voiceId) {
        return engines.voices().stream().filter(v -> v.id().equals(voiceId)).findFirst()
                .orElseThrow(() -> new Http.Refused(400, "unknown voice '" + clip(voiceId) + "'; known: "
                        + engines.voices().stream().map(Voice::id).toList()));
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** What the page shows about the session: its id, generation, avatar, voice, frame size and abilities. */
    synchronized Map<String, Object> describe() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("sid", id);
        state.put("generation", generation);
        state.put("avatar", avatar);
        state.put("voice", voice == null ? null : voice.id());
        state.put("avatars", engines.avatars());
        state.put("voices", engines.voices().stream().map(v -> Map.of("id", v.id(), "language", v.language()))
                .toList());
        if (session != null) {
            state.put("width", session.avatar().width());
            state.put("height", session.avatar().height());
            state.put("fps", session.avatar().fps());
        }
        state.put("chat", engines.chatModel());
        state.put("asr", engines.recognizer());
        state.put("listening", listening != null);
        state.put("stamped", stampFrames);
        state.put("notice", engines.chatModel() ? ""
                : "No language model is configured, so typed text is spoken as it is. Set VIDEOCHAT_LLM "
                        + "(openai, dashscope or ollama) to chat.");
        return state;
    }

    /** The media stream of generation {@code wanted}, when it is the current one. */
    synchronized Optional<MediaChannel> media(int wanted) {
        return media != null && media.generation() == wanted ? Optional.of(media) : Optional.empty();
    }

    /** Answers {@code text} with the language model, or speaks it as it is when there is none; returns the turn id. */
    String say(String text) {
        Objects.requireNonNull(text, "text");
        Session current = current();
        events.send("user", Json.object(Map.of("text", text.strip(), "spoken", !engines.chatModel())));
        Turn started = engines.chatModel() ? current.say(text) : current.speak(text);
        began(started);
        return started.id();
    }

    /** Recognizes the user's audio, then answers it; returns the turn id. */
    String ask(AudioChunk audio) {
        Turn started = current().ask(audio);
        began(started);
        return started.id();
    }

    /** Cancels the running turn, if any; returns at once. */
    void stop() {
        Turn running;
        synchronized (this) {
            running = turn;
        }
        if (running != null) {
            running.cancel();
        }
    }

    private synchronized Session current() {
        if (closed || session == null) {
            throw new Http.Refused(409, "this session is closed: reload the page to start a new one");
        }
        return session;
    }

    private synchronized void began(Turn started) {
        turn = started;
        events.send("turn", Json.object(Map.of("turn", started.id())));
    }

    private void onEvent(TurnEvent event) {
        events.send(TurnEventJson.name(event), TurnEventJson.of(event));
    }

    /**
     * Hands-free listening on {@code opened}, when the engine has a voice activity detector: barge-in (the
     * default) cancels the answer the user talks over.
     */
    private VoiceInput listen(Session opened) {
        try {
            return opened.listen(ListeningOptions.builder().listener(this::onVoice).build());
        } catch (dev.videochat.api.ConfigurationException e) {
            log.info("web {}: not listening to the microphone: {}", tag, e.getMessage());
            return null;
        }
    }

    private void onVoice(VoiceEvent event) {
        events.send(VoiceEventJson.NAME, VoiceEventJson.of(event));
    }

    /** The browser's microphone, 10 ms at a time on the peer's thread: to the listening session, if any. */
    private void heard(AudioChunk chunk) {
        VoiceInput input = listening;
        if (input != null) {
            try {
                input.push(chunk);
            } catch (IllegalStateException e) {
                // Closed by a reopen or close in the meantime: the next generation listens anew.
            }
        }
    }

    private void peerState(PeerState state) {
        events.send("peer", Json.object(Map.of("state", state.name().toLowerCase(java.util.Locale.ROOT))));
        log.info("web {}: browser peer {}", tag, state);
    }

    private void closePipeline() {
        VoiceInput input = listening;
        listening = null;
        if (input != null) {
            input.close();
        }
        if (session != null) {
            // Closing cancels the running turn and finishes the muxer (its last fragment goes to the old stream).
            session.close();
            session = null;
            turn = null;
        }
        if (media != null) {
            media.close();
            media = null;
        }
    }

    /** Closes the pipeline session and ends both streams. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                closePipeline();
            } catch (RuntimeException e) {
                log.warn("closing web {} failed: {}", tag, e.toString());
            }
        }
        events.close();
        log.info("web {} closed", tag);
    }
}
