package dev.videochat.musetalk.testmodels;

/** IEEE 754 binary16 encoding (Java 17 has no {@code Float.floatToFloat16}). */
final class Half {

    private Half() {
    }

    /** The half-precision bits nearest to {@code value} (round to nearest even; overflow to infinity). */
    static short bits(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exponent = ((f >>> 23) & 0xff) - 127 + 15;
        int mantissa = f & 0x7fffff;
        if (((f >>> 23) & 0xff) == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        if (exponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (exponent <= 0) {
            if (exponent < -10) {
                return (short) sign;
            }
            mantissa |= 0x800000;
            int shift = 14 - exponent;
            int rounded = roundShift(mantissa, shift);
            return (short) (sign | rounded);
        }
        int rounded = roundShift(mantissa, 13);
        int bits = (exponent << 10) + rounded;
        return (short) (sign | Math.min(bits, 0x7c00));
    }

    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}
