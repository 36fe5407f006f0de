package dev.videochat.examples.llm;

import dev.videochat.api.Call;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.UnknownProviderException;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatModelProvider;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

/**
 * Chats with any LLM endpoint chosen by environment variables and prints the answer as it streams.
 *
 * <pre>
 * VIDEOCHAT_LLM          openai | dashscope | openai-compatible | ollama (default: dashscope or openai when
 *                        DASHSCOPE_API_KEY or OPENAI_API_KEY is set)
 * OPENAI_API_KEY         the key for openai
 * DASHSCOPE_API_KEY      the key for dashscope
 * VIDEOCHAT_LLM_BASE_URL the server's base URL, e.g. http://127.0.0.1:8000/v1 (optional for all but
 *                        openai-compatible elsewhere than vLLM's default)
 * VIDEOCHAT_LLM_MODEL    the model (required for openai-compatible)
 * </pre>
 *
 * The prompt is the program's arguments. Exit status: 0 done, 1 the server failed, 2 nothing or something wrong is
 * configured.
 */
public final class LlmChatExample {

    private LlmChatExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        Optional<String> providerName = chooseProvider(env);
        if (providerName.isEmpty()) {
            System.err.println("Nothing to chat with: set VIDEOCHAT_LLM=openai|dashscope|openai-compatible|ollama "
                    + "(and OPENAI_API_KEY or DASHSCOPE_API_KEY for the hosted ones; VIDEOCHAT_LLM_BASE_URL and "
                    + "VIDEOCHAT_LLM_MODEL are optional).");
            System.exit(2);
        }
        Map<String, String> settings = new HashMap<>();
        Optional.ofNullable(env.get("VIDEOCHAT_LLM_BASE_URL")).ifPresent(url -> settings.put("base-url", url));
        Optional.ofNullable(env.get("VIDEOCHAT_LLM_MODEL")).ifPresent(model -> settings.put("model", model));
        String prompt = args.length > 0 ? String.join(" ", args) : "Introduce yourself in two short sentences.";

        try (ChatModel model = create(providerName.get(), settings)) {
            ChatRequest request = ChatRequest.of(List.of(
                    ChatMessage.system("You are a friendly digital human. Answer briefly, in plain spoken sentences."),
                    ChatMessage.user(prompt)));
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            Call<ChatResult> call = model.stream(request, new ChatHandler() {
                @Override
                public void onDelta(String text) {
                    out.print(text);
                    out.flush();
                }

                @Override
                public void onReasoningDelta(String text) {
                    System.err.print(text); // thinking: shown apart, never spoken
                }
            });
            Thread cancelOnExit = new Thread(call::cancel, "cancel-chat");
            Runtime.getRuntime().addShutdownHook(cancelOnExit); // Ctrl-C closes the stream
            ChatResult result = call.await();
            Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            out.println();
            out.printf(Locale.ROOT, "[%s: first delta after %d ms, %d deltas, %.1f tokens/s, finish %s]%n",
                    model.name(), result.timeToFirstDelta().toMillis(), result.deltaCount(),
                    result.tokensPerSecond(), result.finishReason());
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (VideoChatException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (CancellationException e) {
            System.exit(130);
        }
    }

    private static Optional<String> chooseProvider(Map<String, String> env) {
        String chosen = env.get("VIDEOCHAT_LLM");
        if (chosen != null && !chosen.isBlank()) {
            return Optional.of(chosen.strip().toLowerCase(Locale.ROOT));
        }
        if (env.containsKey("DASHSCOPE_API_KEY")) {
            return Optional.of("dashscope");
        }
        if (env.containsKey("OPENAI_API_KEY")) {
            return Optional.of("openai");
        }
        return Optional.empty();
    }

    private static ChatModel create(String name, Map<String, String> settings) {
        List<ChatModelProvider> providers = ServiceLoader.load(ChatModelProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownProviderException(Stage.LLM, name,
                        providers.stream().map(ChatModelProvider::name).collect(Collectors.toList())))
                .create(settings);
    }
}
