package dev.videochat.musetalk.audio;

import dev.videochat.musetalk.MuseTalkVersion;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AudioPromptsTest {

    /** States whose every float names its row: row r holds r + 1 (so zero padding is distinguishable). */
    private static float[] states(int rows) {
        float[] s = new float[rows * AudioPrompts.ROW_SIZE];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < AudioPrompts.ROW_SIZE; k++) {
                s[r * AudioPrompts.ROW_SIZE + k] = r + 1;
            }
        }
        return s;
    }

    /** The source row of each of the 10 window rows, read back from the prompt (-1 for zeros). */
    private static int[] sourceRows(MuseTalkVersion version, int rows, int frame) {
        FloatBuffer out = FloatBuffer.allocate(AudioPrompts.PROMPT_SIZE);
        AudioPrompts.copyPrompt(version, states(rows), rows, frame, 25, out, 0);
        int[] source = new int[AudioPrompts.WINDOW_ROWS];
        for (int t = 0; t < source.length; t++) {
            source[t] = (int) out.get(t * AudioPrompts.ROW_SIZE) - 1;
        }
        return source;
    }

    @Test
    void v15ZeroPadsFourRowsBeforeTheFirstFrame() {
        assertArrayEquals(new int[] {-1, -1, -1, -1, 0, 1, 2, 3, 4, 5}, sourceRows(MuseTalkVersion.V1_5, 150, 0));
    }

    @Test
    void v10ClampsToTheFirstRowBeforeTheFirstFrame() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 2, 3, 4, 5}, sourceRows(MuseTalkVersion.V1_0, 150, 0));
    }

    @Test
    void bothVersionsCentreRows2iMinus4To2iPlus5OnAFrameInside() {
        int[] expected = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        assertArrayEquals(expected, sourceRows(MuseTalkVersion.V1_5, 150, 3));
        assertArrayEquals(expected, sourceRows(MuseTalkVersion.V1_0, 150, 3));
    }

    @Test
    void theLastFrameReadsZerosInV15AndTheLastRowInV10() {
        assertArrayEquals(new int[] {144, 145, 146, 147, 148, 149, -1, -1, -1, -1}, sourceRows(MuseTalkVersion.V1_5, 150, 74));
        assertArrayEquals(new int[] {144, 145, 146, 147, 148, 149, 149, 149, 149, 149}, sourceRows(MuseTalkVersion.V1_0, 150, 74));
    }

    @Test
    void promptsAreTimeMajorWithTheFiveLayersOfEachRowTogether() {
        float[] s = new float[20 * AudioPrompts.ROW_SIZE];
        for (int i = 0; i < s.length; i++) {
            s[i] = i;
        }
        FloatBuffer out = FloatBuffer.allocate(2 * AudioPrompts.PROMPT_SIZE);
        AudioPrompts.copyPrompt(MuseTalkVersion.V1_5, s, 20, 3, 25, out, AudioPrompts.PROMPT_SIZE);
        // token t*5 + layer, channel c  =  states[2 + t][layer][c]
        int t = 4;
        int layer = 3;
        int c = 100;
        float expected = s[(2 + t) * AudioPrompts.ROW_SIZE + layer * AudioPrompts.WIDTH + c];
        assertEquals(expected, out.get(AudioPrompts.PROMPT_SIZE + (t * 5 + layer) * AudioPrompts.WIDTH + c));
    }

    @Test
    void countsFollowMuseTalk15() {
        assertEquals(150, AudioPrompts.featureRows(48_000));
        assertEquals(75, AudioPrompts.videoFrames(48_000, 25));
        assertEquals(274, AudioPrompts.videoFrames(176_000 - 160, 25)); // 10.99 s: floor, not round
    }

    @Test
    void otherFrameRatesStillTakeTenRows() {
        assertEquals(2 * 2 - 4, AudioPrompts.firstRow(MuseTalkVersion.V1_5, 2, 25));
        // 20 fps: m = 2.5, start = floor(2.5 i) - 2 * ceil(2.5) = floor(2.5 i) - 6
        assertEquals(5 - 6, AudioPrompts.firstRow(MuseTalkVersion.V1_5, 2, 20));
        assertEquals(5 - 4, AudioPrompts.firstRow(MuseTalkVersion.V1_0, 2, 20));
    }
}
