package dev.videochat.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioSource;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.videochat.api.audio.AudioChunk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays the browser in tests: a second libwebrtc stack (its own factory and headless audio device) that offers
 * what a page would (receive video, receive audio, send a microphone), records what arrives, and can play a clip
 * as its microphone in real time (its audio device pulls the clip, as a sound card would).
 */
final class BrowserPeer implements AutoCloseable {

    /** Decoded audio louder than this RMS (of 32768) counts as sound; Opus silence decodes far below it. */
    static final double SOUND_RMS = 300;

    private final HeadlessAudioDeviceModule audioDevice = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory;
    private final RTCPeerConnection pc;
    private final CountDownLatch gathered = new CountDownLatch(1);
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final List<RTCPeerConnectionState> states = new ArrayList<>();
    private final AudioTrackSource microphoneSource;
    private final AudioTrack microphoneTrack;
    private volatile short[] microphoneClip;
    private long microphonePosition;
    private final CustomVideoSource unusedVideoSource = new CustomVideoSource();
    private final VideoTrack unusedVideoTrack;
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "test-browser-clock");
        t.setDaemon(true);
        return t;
    });

    final AtomicInteger videoFrames = new AtomicInteger();
    final AtomicReference<String> lastVideoSize = new AtomicReference<>("");
    final CountDownLatch tenFramesAtExpectedSize;
    final AtomicLong audioChunks = new AtomicLong();
    final AtomicLong loudAudioChunks = new AtomicLong();
    final AtomicReference<Double> maxAudioRms = new AtomicReference<>(0.0);
    private volatile boolean closed;

    /**
     * @param expectedWidth  the frame width {@link #tenFramesAtExpectedSize} waits for
     * @param expectedHeight the frame height it waits for
     */
    BrowserPeer(int expectedWidth, int expectedHeight) {
        tenFramesAtExpectedSize = new CountDownLatch(10);
        factory = new PeerConnectionFactory(audioDevice);
        audioDevice.initPlayout();
        audioDevice.startPlayout();
        audioDevice.setAudioSource(microphone());
        pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
            }

            @Override
            public void onIceGatheringChange(RTCIceGatheringState state) {
                if (state == RTCIceGatheringState.COMPLETE) {
                    gathered.countDown();
                }
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                synchronized (states) {
                    states.add(state);
                }
                if (state == RTCPeerConnectionState.CONNECTED) {
                    connected.complete(null);
                }
            }

            @Override
            public void onTrack(RTCRtpTransceiver transceiver) {
                MediaStreamTrack track = transceiver.getReceiver().getTrack();
                if (track instanceof VideoTrack video) {
                    video.addSink(videoSink(expectedWidth, expectedHeight));
                } else if (track instanceof AudioTrack audio) {
                    audio.addSink(audioSink());
                }
            }
        });
        unusedVideoTrack = factory.createVideoTrack("page-video", unusedVideoSource);
        RTCRtpTransceiverInit recvOnly = new RTCRtpTransceiverInit();
        recvOnly.direction = RTCRtpTransceiverDirection.RECV_ONLY;
        pc.addTransceiver(unusedVideoTrack, recvOnly);
        microphoneSource = factory.createAudioSource(new AudioOptions());
        microphoneTrack = factory.createAudioTrack("page-microphone", microphoneSource);
        RTCRtpTransceiverInit sendRecv = new RTCRtpTransceiverInit();
        sendRecv.direction = RTCRtpTransceiverDirection.SEND_RECV;
        sendRecv.streamIds = List.of("page");
        pc.addTransceiver(microphoneTrack, sendRecv);
    }

    private VideoTrackSink videoSink(int width, int height) {
        return frame -> {
            try {
                int w = frame.buffer.getWidth();
                int h = frame.buffer.getHeight();
                lastVideoSize.set(w + "x" + h);
                videoFrames.incrementAndGet();
                if (w == width && h == height) {
                    tenFramesAtExpectedSize.countDown();
                }
            } finally {
                frame.release();
            }
        };
    }

    private AudioTrackSink audioSink() {
        return (data, bits, rate, channels, frames) -> {
            short[] mono = MicrophoneFeed.downmix(data, channels, frames);
            double rms = rms(mono);
            audioChunks.incrementAndGet();
            if (rms > SOUND_RMS) {
                loudAudioChunks.incrementAndGet();
            }
            maxAudioRms.accumulateAndGet(rms, Math::max);
        };
    }

    static double rms(short[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }

    /** Creates the offer and waits for its candidates, as a page does before a WHIP POST. */
    String offer() throws Exception {
        CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                created.complete(description);
            }

            @Override
            public void onFailure(String error) {
                created.completeExceptionally(new IllegalStateException(error));
            }
        });
        RTCSessionDescription offer = created.get(10, TimeUnit.SECONDS);
        set(offer, true);
        if (!gathered.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test browser gathered no candidates in 10 s");
        }
        return pc.getLocalDescription().sdp;
    }

    void accept(String answerSdp) throws Exception {
        set(new RTCSessionDescription(RTCSdpType.ANSWER, answerSdp), false);
    }

    private void set(RTCSessionDescription description, boolean local) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        SetSessionDescriptionObserver observer = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
        if (local) {
            pc.setLocalDescription(description, observer);
        } else {
            pc.setRemoteDescription(description, observer);
        }
        done.get(10, TimeUnit.SECONDS);
    }

    void awaitConnected() throws Exception {
        connected.get(20, TimeUnit.SECONDS);
    }

    /** Loops {@code clip} (at 48 kHz) as the microphone from now on; silence until then. */
    void playMicrophone(AudioChunk clip) {
        if (clip.sampleRate() != 48_000) {
            throw new IllegalArgumentException("the test microphone plays 48 kHz clips");
        }
        microphoneClip = clip.samples();
    }

    /** What the audio device's capture pulls every 10 ms: the clip, or silence. */
    private AudioSource microphone() {
        return (out, nSamples, bytesPerSample, channels, rate) -> {
            short[] clip = microphoneClip;
            int frames = nSamples / channels;
            for (int f = 0; f < frames; f++) {
                short s = clip == null ? 0 : clip[(int) (microphonePosition++ % clip.length)];
                for (int c = 0; c < channels; c++) {
                    out[2 * (f * channels + c)] = (byte) s;
                    out[2 * (f * channels + c) + 1] = (byte) (s >> 8);
                }
            }
            return nSamples;
        };
    }

    List<RTCPeerConnectionState> states() {
        synchronized (states) {
            return List.copyOf(states);
        }
    }

    /** Closes this side without telling the other (no signalling), like a tab that was killed. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        clock.shutdownNow();
        clock.awaitTermination(2, TimeUnit.SECONDS);
        for (var sender : pc.getSenders()) {
            try {
                sender.replaceTrack(null);
            } catch (RuntimeException | Error ignored) {
                // Already detached.
            }
        }
        try {
            audioDevice.stopRecording();
            audioDevice.stopPlayout();
        } catch (RuntimeException | Error ignored) {
            // Stopped already.
        }
        long handle = NativeReferences.handleOf(pc);
        pc.close();
        NativeReferences.release(handle);
        long sourceHandle = NativeReferences.handleOf(microphoneSource);
        for (Runnable dispose : new Runnable[]{microphoneTrack::dispose, unusedVideoTrack::dispose,
                () -> NativeReferences.release(sourceHandle), unusedVideoSource::dispose}) {
            try {
                dispose.run();
            } catch (RuntimeException | Error ignored) {
                // Still referenced natively; freed with the factory.
            }
        }
        try {
            factory.dispose();
        } catch (RuntimeException | Error ignored) {
            // A reference held elsewhere; the threads are stopped anyway.
        }
        audioDevice.dispose();
    }
}
