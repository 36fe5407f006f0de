package dev.videochat.tts.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The {@code Sec-MS-GEC} token the Edge read-aloud service asks for: the SHA-256, in upper-case hex, of the
 * current time (in 100 ns ticks since 1601, floored to five minutes) followed by the trusted client token.
 */
final class SecMsGec {

    /** The public client token the Edge browser sends. */
    static final String TRUSTED_CLIENT_TOKEN = "6A5AA1D4EAFF4E9FB37E23D68491D6F4";
    /** Seconds from 1601-01-01 (the Windows epoch) to 1970-01-01. */
    private static final long WINDOWS_EPOCH_OFFSET = 11_644_473_600L;

    private SecMsGec() {
    }

    /** The token for the instant {@code now} (already corrected for clock skew). */
    static String token(Instant now) {
        long seconds = now.getEpochSecond() + WINDOWS_EPOCH_OFFSET;
        seconds -= seconds % 300;
        String input = (seconds * 10_000_000L) + TRUSTED_CLIENT_TOKEN;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
