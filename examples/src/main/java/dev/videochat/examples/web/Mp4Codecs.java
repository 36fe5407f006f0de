package dev.videochat.examples.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the RFC 6381 codec string ({@code avc1.42c01e,mp4a.40.2}) from a fragmented MP4 init segment, which the
 * page needs to open its Media Source Extensions buffer. Looks only at the sample entries' configuration boxes;
 * anything it does not recognise falls back to the common baseline H.264 and AAC-LC names.
 */
final class Mp4Codecs {

    static final String FALLBACK_VIDEO = "avc1.42e01e";
    static final String FALLBACK_AUDIO = "mp4a.40.2";

    private Mp4Codecs() {
    }

    /** The codec string of the tracks in {@code init}. */
    static String of(byte[] init) {
        List<String> codecs = new ArrayList<>();
        int avcC = indexOf(init, "avcC", 0);
        if (avcC >= 0 && avcC + 7 < init.length) {
            // avcC payload: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication.
            codecs.add(String.format(Locale.ROOT, "avc1.%02x%02x%02x", init[avcC + 5] & 0xFF, init[avcC + 6] & 0xFF,
                    init[avcC + 7] & 0xFF));
        } else if (indexOf(init, "hvcC", 0) >= 0) {
            codecs.add("hvc1.1.6.L93.B0");
        } else if (indexOf(init, "vp09", 0) >= 0) {
            codecs.add("vp09.00.10.08");
        } else if (indexOf(init, "avc1", 0) >= 0 || indexOf(init, "vide", 0) >= 0) {
            codecs.add(FALLBACK_VIDEO);
        }
        if (indexOf(init, "mp4a", 0) >= 0) {
            codecs.add(aac(init));
        } else if (indexOf(init, "Opus", 0) >= 0) {
            codecs.add("opus");
        }
        return codecs.isEmpty() ? FALLBACK_VIDEO + "," + FALLBACK_AUDIO : String.join(",", codecs);
    }

    /** {@code mp4a.40.N} with N the audio object type from the esds box's decoder-specific info. */
    private static String aac(byte[] init) {
        int esds = indexOf(init, "esds", 0);
        if (esds < 0) {
            return FALLBACK_AUDIO;
        }
        // After the box's 4-byte type and 4-byte version/flags: descriptors tag 0x03, 0x04 (objectTypeIndication
        // first), 0x05 (AudioSpecificConfig, object type in its first 5 bits).
        int i = esds + 8;
        int objectType = -1;
        while (i < init.length - 2) {
            int tag = init[i] & 0xFF;
            int[] len = descriptorLength(init, i + 1);
            int body = i + 1 + len[1];
            if (tag == 0x03) {
                i = body + 3; // ES_ID and flags; assumes no dependsOn/URL/OCR fields, which muxers do not write
            } else if (tag == 0x04) {
                objectType = body < init.length ? init[body] & 0xFF : -1;
                i = body + 13;
            } else if (tag == 0x05) {
                int aot = body < init.length ? (init[body] & 0xFF) >> 3 : 2;
                return objectType == 0x40 || objectType == -1 ? "mp4a.40." + aot : FALLBACK_AUDIO;
            } else {
                break;
            }
        }
        return FALLBACK_AUDIO;
    }

    /** {length, bytes used}: an expandable descriptor size, up to four 7-bit groups. */
    private static int[] descriptorLength(byte[] b, int at) {
        int length = 0;
        int used = 0;
        while (at + used < b.length && used < 4) {
            int v = b[at + used] & 0xFF;
            used++;
            length = (length << 7) | (v & 0x7F);
            if ((v & 0x80) == 0) {
                break;
            }
        }
        return new int[] {length, used};
    }

    private static int indexOf(byte[] data, String fourCc, int from) {
        byte[] needle = fourCc.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
