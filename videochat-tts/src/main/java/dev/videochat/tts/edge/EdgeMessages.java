package dev.videochat.tts.edge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text messages the client sends and the framing of what the server sends back. */
final class EdgeMessages {

    private static final DateTimeFormatter JS_DATE = DateTimeFormatter
            .ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** The most UTF-8 bytes of escaped text in one SSML request. */
    static final int MAX_SSML_TEXT_BYTES = 4096;

    private EdgeMessages() {
    }

    /** A message from the server: its headers and its body (text) or payload (binary). */
    record Frame(Map<String, String> headers, String body, byte[] payload) {
        String path() {
            return headers.getOrDefault("Path", "");
        }
    }

    static String timestamp(Instant now) {
        return JS_DATE.format(now);
    }

    /** The {@code speech.config} message: MP3 at 24 kHz, word boundaries on or off. */
    static String speechConfig(Instant now, boolean wordBoundaries) {
        return "X-Timestamp:" + timestamp(now) + "\r\n"
                + "Content-Type:application/json; charset=utf-8\r\n"
                + "Path:speech.config\r\n\r\n"
                + "{\"context\":{\"synthesis\":{\"audio\":{\"metadataoptions\":{"
                + "\"sentenceBoundaryEnabled\":\"false\",\"wordBoundaryEnabled\":\"" + wordBoundaries + "\"},"
                + "\"outputFormat\":\"audio-24khz-48kbitrate-mono-mp3\"}}}}\r\n";
    }

    /** The SSML request for one piece of already escaped text. The {@code Z} after the date is what Edge sends. */
    static String ssml(String requestId, Instant now, String voice, EdgeProsody prosody, String escapedText) {
        return "X-RequestId:" + requestId + "\r\n"
                + "Content-Type:application/ssml+xml\r\n"
                + "X-Timestamp:" + timestamp(now) + "Z\r\n"
                + "Path:ssml\r\n\r\n"
                + "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'>"
                + "<voice name='" + longVoiceName(voice) + "'>"
                + "<prosody pitch='" + prosody.pitch() + "' rate='" + prosody.rate() + "' volume='" + prosody.volume()
                + "'>" + escapedText + "</prosody></voice></speak>";
    }

    /** {@code zh-CN-XiaoxiaoNeural} becomes {@code Microsoft Server Speech Text to Speech Voice (zh-CN, XiaoxiaoNeural)}. */
    static String longVoiceName(String voice) {
        if (voice.startsWith("Microsoft Server Speech")) {
            return voice;
        }
        int split = voice.indexOf('-', voice.indexOf('-') + 1);
        if (split < 0) {
            throw new IllegalArgumentException("voice '" + voice + "' is not of the form xx-YY-NameNeural");
        }
        return "Microsoft Server Speech Text to Speech Voice (" + voice.substring(0, split) + ", "
                + voice.substring(split + 1) + ")";
    }

    /** Escapes text for SSML and replaces control characters by spaces. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (cp < 32 && cp != '\t' && cp != '\n' && cp != '\r') {
                        out.append(' ');
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    /**
     * Splits escaped text into pieces of at most {@code maxBytes} UTF-8 bytes, preferring a newline or space, never
     * inside a character or an {@code &...;} entity.
     */
    static List<String> split(String escaped, int maxBytes) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < escaped.length()) {
            int bytes = 0;
            int end = start;
            int lastSpace = -1;
            while (end < escaped.length()) {
                int cp = escaped.codePointAt(end);
                int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (cp == '&') {
                    int semi = escaped.indexOf(';', end);
                    len = semi < 0 ? 1 : semi - end + 1;
                }
                if (bytes + len > maxBytes) {
                    break;
                }
                bytes += len;
                if (cp == ' ' || cp == '\n') {
                    lastSpace = end + 1;
                }
                end += cp == '&' ? len : Character.charCount(cp);
            }
            if (end < escaped.length() && lastSpace > start) {
                end = lastSpace;
            }
            if (end == start) {
                throw new IllegalArgumentException("cannot split text into pieces of " + maxBytes + " bytes");
            }
            parts.add(escaped.substring(start, end));
            start = end;
        }
        return parts;
    }

    /** Parses a text frame: {@code Key:Value} header lines, a blank line, the body. */
    static Frame parseText(String message) {
        int split = message.indexOf("\r\n\r\n");
        String head = split < 0 ? message : message.substring(0, split);
        String body = split < 0 ? "" : message.substring(split + 4);
        return new Frame(headers(head), body, new byte[0]);
    }

    /**
     * Parses a binary frame: a big-endian 16-bit header length, the headers, then the payload.
     *
     * @throws IllegalArgumentException when the declared header length does not fit the frame
     */
    static Frame parseBinary(ByteBuffer frame) {
        if (frame.remaining() < 2) {
            throw new IllegalArgumentException("binary frame of " + frame.remaining() + " bytes has no header length");
        }
        int headerLength = frame.getShort(frame.position()) & 0xFFFF;
        if (2 + headerLength > frame.remaining()) {
            throw new IllegalArgumentException("binary frame declares " + headerLength + " header bytes but holds "
                    + (frame.remaining() - 2));
        }
        byte[] head = new byte[headerLength];
        frame.position(frame.position() + 2);
        frame.get(head);
        byte[] payload = new byte[frame.remaining()];
        frame.get(payload);
        return new Frame(headers(new String(head, StandardCharsets.US_ASCII)), "", payload);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return headers;
    }
}
