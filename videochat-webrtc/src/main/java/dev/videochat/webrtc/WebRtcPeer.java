package dev.videochat.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser's connection: sends a session's avatar (a video track and an audio track in one media stream) and
 * hands the browser's microphone to {@link PeerOptions#microphone()}. Created by
 * {@link WebRtcTransport#answer(String, PeerOptions)}, already negotiated; {@link #answerSdp()} goes back to the
 * browser.
 *
 * <p>As a {@link RawMediaSink} it buffers only what keeps lips and voice together: the audio goes into a small
 * jitter buffer that the peer's audio device drains 10 ms at a time in real time (at most
 * {@value VoiceJitterBuffer#MAX_MS} ms held, playing from {@value VoiceJitterBuffer#START_MS} ms), and each frame is
 * converted to I420 on arrival and sent to the encoder when the audio written before it starts playing. It does no
 * pacing of its own, so feed it from a live session, which writes in real time. Media written before the connection is up (or after it closed) is dropped. The sink
 * methods never throw: a failure is logged and the session goes on.
 *
 * <p>Each peer has its own libwebrtc factory and headless audio device: a device feeds every send stream of its
 * factory the same audio, so two sessions cannot share one.
 *
 * <p>Thread-safe. {@link #close()} stops the media, frees every native object and stops every thread the peer
 * started.
 */
public final class WebRtcPeer implements RawMediaSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebRtcPeer.class);

    private final String id;
    private final WebRtcTransport transport;
    private final PeerOptions options;
    private final PeerEvents events;
    private final Object mediaLock = new Object();
    private final Object stateLock = new Object();
    private final VoiceJitterBuffer voice = new VoiceJitterBuffer(this::sendDueFrames);
    private final HeldFrames heldFrames = new HeldFrames();
    private final I420Conversion conversion = new I420Conversion();
    private final CountDownLatch gatheringComplete = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<RTCRtpSender> senders = new ArrayList<>();

    private volatile PeerState state = PeerState.NEW;
    private volatile boolean mediaFlowing;
    private HeadlessAudioDeviceModule audioDevice;
    private PeerConnectionFactory factory;
    private RTCPeerConnection pc;
    private AudioTrackSource audioSource;
    private AudioTrack audioTrack;
    private CustomVideoSource videoSource;
    private VideoTrack videoTrack;
    private AudioTrack microphoneTrack;
    private MicrophoneFeed microphoneFeed;
    private String answerSdp;
    private boolean mediaFailureLogged;
    private volatile boolean negotiationFailed;

    private WebRtcPeer(String id, WebRtcTransport transport, PeerOptions options) {
        this.id = id;
        this.transport = transport;
        this.options = options;
        this.events = new PeerEvents(id, options);
    }

    /**
     * Answers {@code offer}; on any failure frees what was made and throws.
     *
     * @throws IllegalArgumentException when libwebrtc refuses the offer
     * @throws WebRtcException          when the answer cannot be made or no ICE candidate is gathered in time
     */
    static WebRtcPeer answer(String id, WebRtcTransport transport, RTCConfiguration configuration, SdpOffer offer,
                             PeerOptions options, Duration negotiationTimeout, Duration gatheringTimeout) {
        WebRtcPeer peer = new WebRtcPeer(id, transport, options);
        try {
            peer.startStack();
            peer.negotiate(configuration, offer, negotiationTimeout, gatheringTimeout);
            return peer;
        } catch (RuntimeException | Error e) {
            // The caller never got this peer, so its listener hears nothing of it.
            peer.negotiationFailed = true;
            peer.close();
            throw e;
        }
    }

    /** This peer's factory and audio device, with the device's capture pulling from the voice buffer. */
    private void startStack() {
        try {
            audioDevice = new HeadlessAudioDeviceModule();
            factory = new PeerConnectionFactory(audioDevice);
            // Only after the factory exists: while the device plays, its buffer keeps libwebrtc's audio callback
            // (playout, which decodes the microphone) and the source below only takes over the capture pulls.
            audioDevice.initPlayout();
            audioDevice.startPlayout();
            audioDevice.setAudioSource(voice);
        } catch (LinkageError | RuntimeException e) {
            throw new WebRtcException("peer " + id + ": libwebrtc could not start: " + e, e);
        }
    }

    private void negotiate(RTCConfiguration configuration, SdpOffer offer, Duration negotiationTimeout,
                           Duration gatheringTimeout) {
        try {
            pc = factory.createPeerConnection(configuration, new Observer());
        } catch (RuntimeException e) {
            throw new WebRtcException("peer " + id + ": libwebrtc could not create a peer connection: "
                    + e.getMessage(), e);
        }
        try {
            Negotiation.setRemoteDescription(pc, new RTCSessionDescription(RTCSdpType.OFFER, offer.text()),
                    negotiationTimeout);
        } catch (Negotiation.NegotiationFailure e) {
            throw new IllegalArgumentException("libwebrtc refused the offer: " + e.getMessage());
        } catch (Error e) {
            // webrtc-java reports an SDP its parser rejects ("Invalid SDP line") as a plain java.lang.Error.
            if (e.getClass() != Error.class) {
                throw e;
            }
            throw new IllegalArgumentException("libwebrtc refused the offer: " + e.getMessage());
        }
        // No audio processing: the voice is synthetic and the device hears no room.
        audioSource = factory.createAudioSource(new AudioOptions());
        audioTrack = factory.createAudioTrack("avatar-audio-" + id, audioSource);
        videoSource = new CustomVideoSource();
        videoTrack = factory.createVideoTrack("avatar-video-" + id, videoSource);
        TransceiverAssignment assignment = TransceiverAssignment.assign(pc, offer, videoTrack, audioTrack,
                options.streamId(), options.microphone().isPresent());
        senders.addAll(assignment.senders());
        assignment.microphone().ifPresent(this::listen);
        try {
            RTCSessionDescription answer = Negotiation.createAnswer(pc, negotiationTimeout);
            Negotiation.setLocalDescription(pc, answer, negotiationTimeout);
        } catch (Negotiation.NegotiationFailure e) {
            throw new WebRtcException("peer " + id + ": could not answer the offer: " + e.getMessage());
        }
        answerSdp = awaitCandidates(gatheringTimeout);
    }

    private void listen(AudioTrack remote) {
        microphoneFeed = new MicrophoneFeed(id, events);
        remote.addSink(microphoneFeed);
        microphoneTrack = remote;
    }

    private String awaitCandidates(Duration timeout) {
        boolean complete;
        try {
            complete = gatheringComplete.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebRtcException("peer " + id + ": interrupted while gathering ICE candidates");
        }
        RTCSessionDescription local = pc.getLocalDescription();
        String sdp = local == null ? "" : local.sdp;
        if (!sdp.contains("a=candidate:")) {
            throw new WebRtcException("peer " + id + ": no ICE candidate gathered within " + timeout.toMillis()
                    + " ms; libwebrtc skips loopback interfaces, so the host needs a non-loopback address"
                    + " (or set ICE servers / a port range the firewall allows)");
        }
        if (!complete) {
            log.warn("peer {}: ICE gathering not complete after {} ms; answering with the candidates found so far",
                    id, timeout.toMillis());
        }
        return sdp;
    }

    /** This peer's id, unique within its transport (used in thread names and logs). */
    public String id() {
        return id;
    }

    /** The SDP answer for the browser, with every gathered ICE candidate in it (no trickle needed). */
    public String answerSdp() {
        return answerSdp;
    }

    /** The connection's state now. */
    public PeerState state() {
        return state;
    }

    /** Whether {@link #close()} has not run yet. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Microphone chunks dropped because the consumer fell behind (each 10 ms). */
    public long droppedMicrophoneChunks() {
        return events.droppedMicrophoneChunks();
    }

    /** Queues the audio for the audio device's next pulls. Never throws. */
    @Override
    public void onAudio(AudioChunk chunk) {
        if (!mediaFlowing || chunk == null) {
            return;
        }
        try {
            voice.write(chunk);
        } catch (RuntimeException e) {
            logMediaFailure("audio", e);
        }
    }

    /**
     * Converts the frame to I420 now and sends it when the audio written before it starts playing (at most
     * {@value HeldFrames#MAX_FRAMES} frames wait). Never throws.
     */
    @Override
    public void onVideo(VideoFrame frame) {
        if (!mediaFlowing || frame == null) {
            return;
        }
        NativeI420Buffer buffer = null;
        try {
            buffer = NativeI420Buffer.allocate(frame.width(), frame.height());
            conversion.convert(frame, buffer);
        } catch (RuntimeException e) {
            if (buffer != null) {
                buffer.release();
            }
            logMediaFailure("video", e);
            return;
        }
        // Centred on the frame: its own audio may be written just before or just after it.
        long mark = voice.writtenSamples() - VoiceJitterBuffer.DEVICE_RATE / 50;
        NativeI420Buffer overflow = heldFrames.add(buffer, mark);
        if (overflow != null) {
            send(overflow);
        }
        if (!mediaFlowing) {
            // Closed or disconnected meanwhile: nothing will take what was just held.
            heldFrames.clear();
            return;
        }
        sendDueFrames();
    }

    /**
     * The session's turn was cancelled: drops the voice still queued and the frames waiting for it, so the user stops
     * hearing and seeing the answer now rather than after the buffer's depth (about the session's 100 ms lead).
     */
    @Override
    public void discardPending() {
        // Frames first: once the voice is cleared every held frame counts as due and would be sent at once.
        heldFrames.clear();
        voice.clear();
        heldFrames.clear();
    }

    /** Sends the held frames whose audio is playing; runs on the device's thread after each 10 ms pull. */
    private void sendDueFrames() {
        long consumed = voice.consumedSamples();
        NativeI420Buffer due;
        while ((due = heldFrames.takeDue(consumed)) != null) {
            send(due);
        }
    }

    private void send(NativeI420Buffer buffer) {
        try {
            synchronized (mediaLock) {
                if (mediaFlowing) {
                    videoSource.pushFrame(new dev.onvoid.webrtc.media.video.VideoFrame(buffer, System.nanoTime()));
                }
            }
        } catch (RuntimeException e) {
            logMediaFailure("video", e);
        } finally {
            // The encoder holds its own reference to a frame it queued.
            buffer.release();
        }
    }

    private synchronized void logMediaFailure(String what, RuntimeException e) {
        if (!mediaFailureLogged) {
            mediaFailureLogged = true;
            log.warn("peer {}: pushing {} failed; later failures are not logged", id, what, e);
        }
    }

    private void onNativeState(RTCPeerConnectionState nativeState) {
        PeerState next = switch (nativeState) {
            case NEW -> PeerState.NEW;
            case CONNECTING -> PeerState.CONNECTING;
            case CONNECTED -> PeerState.CONNECTED;
            case DISCONNECTED -> PeerState.DISCONNECTED;
            case FAILED -> PeerState.FAILED;
            case CLOSED -> PeerState.CLOSED;
        };
        transition(next);
    }

    private void transition(PeerState next) {
        synchronized (stateLock) {
            if (state == next || state == PeerState.CLOSED) {
                return;
            }
            state = next;
            synchronized (mediaLock) {
                // DISCONNECTED may recover, so media keeps flowing; the encoder drops what it cannot send.
                boolean flowing = !closed.get()
                        && (next == PeerState.CONNECTED || next == PeerState.DISCONNECTED);
                if (mediaFlowing && !flowing) {
                    voice.clear();
                    heldFrames.clear();
                }
                mediaFlowing = flowing;
            }
            log.debug("peer {}: {}", id, next);
            if (!negotiationFailed) {
                events.state(next);
            }
        }
    }

    /**
     * Closes the connection and frees its native objects and its thread; the listener's last event is
     * {@link PeerState#CLOSED}. Idempotent; may be called from the peer's own listeners.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (mediaLock) {
            // Nothing is pushed into a source after this block.
            mediaFlowing = false;
        }
        if (microphoneFeed != null) {
            microphoneFeed.stop();
            quietly(() -> microphoneTrack.removeSink(microphoneFeed), "remove the microphone sink");
        }
        for (RTCRtpSender sender : senders) {
            // Senders keep their tracks alive; let go so the tracks can be freed below.
            quietly(() -> sender.replaceTrack(null), "detach a sender's track");
        }
        if (audioDevice != null) {
            quietly(audioDevice::stopRecording, "stop the audio device's capture");
            quietly(audioDevice::stopPlayout, "stop the audio device's playout");
        }
        if (pc != null) {
            long handle = NativeReferences.handleOf(pc);
            quietly(pc::close, "close the peer connection");
            quietly(() -> NativeReferences.release(handle), "release the peer connection");
        }
        if (audioTrack != null) {
            quietly(audioTrack::dispose, "dispose the audio track");
        }
        if (videoTrack != null) {
            quietly(videoTrack::dispose, "dispose the video track");
        }
        if (audioSource != null) {
            long handle = NativeReferences.handleOf(audioSource);
            quietly(() -> NativeReferences.release(handle), "release the audio source");
        }
        heldFrames.clear();
        if (videoSource != null) {
            quietly(videoSource::dispose, "dispose the video source");
        }
        if (factory != null) {
            quietly(factory::dispose, "dispose the peer connection factory");
        }
        if (audioDevice != null) {
            quietly(audioDevice::dispose, "dispose the audio device");
        }
        transport.forget(this);
        transition(PeerState.CLOSED);
        events.close();
    }

    private void quietly(Runnable step, String what) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            // webrtc-java reports a native object still referenced elsewhere as an Error; closing goes on.
            log.debug("peer {}: could not {}: {}", id, what, e.toString());
        }
    }

    @Override
    public String toString() {
        return "WebRtcPeer[" + id + " " + state + "]";
    }

    /** libwebrtc's callbacks, on its signalling thread: record and hand off, never block. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // Non-trickle: candidates are read from the local description once gathering completes.
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState gatheringState) {
            if (gatheringState == RTCIceGatheringState.COMPLETE) {
                gatheringComplete.countDown();
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState connectionState) {
            onNativeState(connectionState);
        }
    }
}
