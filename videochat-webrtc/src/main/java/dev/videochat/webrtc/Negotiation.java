package dev.videochat.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * libwebrtc's asynchronous offer/answer steps as blocking calls with a deadline. Each failure comes back as a
 * {@link NegotiationFailure} carrying libwebrtc's own words, so the caller can say which step refused what.
 */
final class Negotiation {

    /** A step that libwebrtc refused or that did not finish in time. */
    static final class NegotiationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        NegotiationFailure(String message) {
            super(message);
        }
    }

    private Negotiation() {
    }

    static void setRemoteDescription(RTCPeerConnection pc, RTCSessionDescription description, Duration timeout)
            throws NegotiationFailure {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.setRemoteDescription(description, setObserver(done));
        await(done, timeout, "setRemoteDescription");
    }

    static void setLocalDescription(RTCPeerConnection pc, RTCSessionDescription description, Duration timeout)
            throws NegotiationFailure {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.setLocalDescription(description, setObserver(done));
        await(done, timeout, "setLocalDescription");
    }

    static RTCSessionDescription createAnswer(RTCPeerConnection pc, Duration timeout) throws NegotiationFailure {
        CompletableFuture<RTCSessionDescription> done = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                done.complete(description);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new NegotiationFailure(error));
            }
        });
        return await(done, timeout, "createAnswer");
    }

    private static SetSessionDescriptionObserver setObserver(CompletableFuture<Void> done) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new NegotiationFailure(error));
            }
        };
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String step)
            throws NegotiationFailure {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? "unknown error" : e.getCause().getMessage();
            throw new NegotiationFailure(step + " failed: " + why);
        } catch (TimeoutException e) {
            throw new NegotiationFailure(step + " did not finish within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NegotiationFailure(step + " was interrupted");
        }
    }
}
