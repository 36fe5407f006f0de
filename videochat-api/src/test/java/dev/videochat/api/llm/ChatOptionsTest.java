package dev.videochat.api.llm;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatOptionsTest {

    @Test
    void anEmptyValueMeansTheEnginesDefault() {
        ChatOptions defaults = ChatOptions.defaults();

        assertEquals(Optional.empty(), defaults.model());
        assertEquals(OptionalDouble.empty(), defaults.temperature());
        assertEquals(OptionalInt.empty(), defaults.maxTokens());
        assertEquals(defaults, ChatOptions.builder().build());
    }

    @Test
    void theBuilderSetsOnlyWhatItIsGiven() {
        ChatOptions options = ChatOptions.builder().model("qwen-plus").temperature(0).build();

        assertEquals(Optional.of("qwen-plus"), options.model());
        assertEquals(OptionalDouble.of(0), options.temperature());
        assertEquals(OptionalInt.empty(), options.maxTokens());
        assertEquals(options, options.toBuilder().build());
        assertEquals(ChatOptions.defaults(), options.toBuilder().useDefaults().build());
    }

    @Test
    void valuesOutsideTheirRangeAreRefusedNamingTheValue() {
        ChatOptions.Builder b = ChatOptions.builder();

        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.temperature(2.5)).getMessage()
                .contains("2.5"));
        assertThrows(IllegalArgumentException.class, () -> b.temperature(Double.NaN));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxTokens(0)).getMessage().contains("0"));
        assertThrows(IllegalArgumentException.class, () -> b.model(" "));
    }
}
