package dev.videochat.llm;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.llm.ChatModelProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatProvidersTest {

    @Test
    void theFourChatProvidersAreFoundByName() {
        Set<String> names = ServiceLoader.load(ChatModelProvider.class).stream()
                .map(p -> p.get().name()).collect(Collectors.toSet());
        assertEquals(Set.of("openai", "dashscope", "openai-compatible", "ollama"), names);
    }

    @Test
    void aMissingDashScopeKeySaysWhichEnvironmentVariableToSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new DashScopeChatModelProvider().create(Map.of(), name -> null));
        assertEquals("[LLM/dashscope] DASHSCOPE_API_KEY is not set: export it, or pass .apiKey(..) to "
                + "DashScopeChatModel.builder(), or the 'api-key' setting; a server on this machine or a private "
                + "network needs none: point baseUrl(..) or the 'base-url' setting at it, for example "
                + "http://127.0.0.1:8000/v1", e.getMessage());
    }

    @Test
    void openAiOnThisMachineOrAPrivateNetworkNeedsNoKey() {
        for (String base : new String[] {"http://127.0.0.1:8000/v1", "http://127.1.2.3:8080/v1",
                "http://localhost:11434/v1", "http://[::1]:8000/v1", "http://10.0.0.7:8000/v1",
                "http://172.16.0.2/v1", "http://172.31.255.1/v1", "http://192.168.1.20:8080/v1",
                "http://gpu-box.local:8000/v1", "http://[fd12:3456::1]:8000/v1"}) {
            try (HttpChatModel model = new OpenAiChatModelProvider().create(Map.of("base-url", base),
                    name -> null)) {
                assertNull(model.endpoint().apiKey(), base);
            }
        }
    }

    @Test
    void openAiOnALocalServerStillSendsAKeyThatIsSet() {
        try (HttpChatModel model = new OpenAiChatModelProvider().create(Map.of("base-url", "http://127.0.0.1:8000/v1"),
                name -> name.equals("OPENAI_API_KEY") ? "sk-local" : null)) {
            assertEquals("sk-local", model.endpoint().apiKey());
        }
    }

    @Test
    void openAiElsewhereNeedsAKeyAndSaysHowToDoWithout() {
        for (String base : new String[] {"https://api.openai.com/v1", "http://172.32.0.1/v1", "http://8.8.8.8/v1",
                "http://192.169.0.1/v1", "http://example.com/v1", "http://local.example.com/v1",
                "http://[2001:db8::1]/v1"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new OpenAiChatModelProvider().create(Map.of("base-url", base), name -> null), base);
            assertTrue(e.getMessage().startsWith("[LLM/openai] OPENAI_API_KEY is not set: export it, or pass "
                    + ".apiKey(..) to OpenAiChatModel.builder(), or the 'api-key' setting")
                    && e.getMessage().contains("private network needs none"), e.getMessage());
        }
    }

    @Test
    void aKeyVariableNamedInTheSettingsMustBeSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new OpenAiCompatibleChatModelProvider().create(
                        Map.of("model", "m", "api-key-env", "VLLM_API_KEY"), name -> null));
        assertEquals("[LLM/openai-compatible] VLLM_API_KEY is not set: export it, or pass .apiKey(..) to "
                + "OpenAiCompatibleChatModel.builder(), or the 'api-key' setting", e.getMessage());
    }

    @Test
    void dashScopeDefaultsToQwenTurboInCompatibleMode() {
        try (HttpChatModel model = new DashScopeChatModelProvider().create(Map.of(),
                name -> name.equals("DASHSCOPE_API_KEY") ? "sk-dash-secret" : null)) {
            ChatEndpoint endpoint = model.endpoint();
            assertEquals(URI.create("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"),
                    endpoint.url());
            assertEquals("qwen-turbo", endpoint.model());
            assertEquals("sk-dash-secret", endpoint.apiKey());
            assertFalse(endpoint.toString().contains("sk-dash-secret"));
        }
    }

    @Test
    void aBaseUrlWithATrailingSlashOrTheFullPathGivesTheSameEndpoint() {
        OpenAiCompatibleChatModelProvider provider = new OpenAiCompatibleChatModelProvider();
        for (String base : new String[] {"http://h:8000/v1", "http://h:8000/v1/", "http://h:8000/v1/chat/completions"}) {
            try (HttpChatModel model = provider.create(Map.of("base-url", base, "model", "m"), name -> null)) {
                assertEquals(URI.create("http://h:8000/v1/chat/completions"), model.endpoint().url());
                assertNull(model.endpoint().apiKey());
            }
        }
    }

    @Test
    void ollamaNeedsNoKeyAndUsesItsNativeEndpoint() {
        try (HttpChatModel model = new OllamaChatModelProvider().create(Map.of(), name -> null)) {
            assertEquals(URI.create("http://127.0.0.1:11434/api/chat"), model.endpoint().url());
            assertEquals("qwen2.5:7b", model.endpoint().model());
        }
    }

    @Test
    void theSelfHostedProviderNeedsAModelName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new OpenAiCompatibleChatModelProvider().create(Map.of(), name -> null));
        assertEquals("[LLM/openai-compatible] model is not set: pass .model(..) to "
                + "OpenAiCompatibleChatModel.builder(), or the 'model' setting; name the model to use, for example "
                + "the name vLLM serves it under", e.getMessage());
    }

    @Test
    void aHeaderTheHttpClientRefusesIsAConfigurationErrorThatHidesItsValue() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new OllamaChatModelProvider().create(Map.of("header.Host", "secret-host"), name -> null));
        assertEquals("[LLM/ollama] setting 'header.Host' cannot set the header 'Host'", e.getMessage());
    }

    @Test
    void badNumbersNameTheSetting() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new OllamaChatModelProvider().create(Map.of("temperature", "3"), name -> null));
        assertEquals("[LLM/ollama] setting 'temperature' must be 0..2, got 3", e.getMessage());
    }

    @Test
    void aBaseUrlCarryingCredentialsIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new OllamaChatModelProvider().create(Map.of("base-url", "http://user:pw@host:11434"),
                        name -> null));
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }
}
