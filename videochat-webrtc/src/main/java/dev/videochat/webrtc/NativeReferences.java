package dev.videochat.webrtc;

import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Drops native references that webrtc-java 0.14.0 hands to Java objects and never gives back. Its
 * {@code RTCPeerConnection.close()} closes the native peer connection and forgets the handle without releasing
 * it, so the peer connection (and through it libwebrtc's media engine and audio device, with their threads)
 * outlives the factory, whose threads are then deleted under it; and an audio source made by the factory has no
 * dispose at all. The handle is read before {@code close()} and the one reference is dropped afterwards, while
 * the factory's threads still run.
 */
final class NativeReferences {

    private static final Logger log = LoggerFactory.getLogger(NativeReferences.class);
    private static final Field HANDLE = handleField();

    /** Carries a native handle to webrtc-java's own {@code Release()} call. */
    private static final class NativeReference extends RefCountedObject {
    }

    private NativeReferences() {
    }

    /** The object's native pointer, or 0 when it cannot be read (then nothing is released). */
    static long handleOf(NativeObject object) {
        if (HANDLE == null) {
            return 0;
        }
        try {
            return HANDLE.getLong(object);
        } catch (IllegalAccessException e) {
            return 0;
        }
    }

    /** Drops the reference the Java object with this handle owned (call once, when done with it). */
    static void release(long handle) {
        if (handle == 0 || HANDLE == null) {
            return;
        }
        try {
            NativeReference reference = new NativeReference();
            HANDLE.setLong(reference, handle);
            reference.release();
        } catch (IllegalAccessException e) {
            log.warn("could not release a native reference: {}", e.toString());
        }
    }

    private static Field handleField() {
        try {
            Field f = NativeObject.class.getDeclaredField("nativeHandle");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("webrtc-java's native handle field is not where 0.14.0 has it ({}); closed peer connections"
                    + " and their threads will not be freed until the JVM exits", e.toString());
            return null;
        }
    }
}
