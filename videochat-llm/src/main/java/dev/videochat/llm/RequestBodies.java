package dev.videochat.llm;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.llm.ChatOptions;
import dev.videochat.api.llm.ChatRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes the JSON body of a streaming chat request for either wire format. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The UTF-8 JSON body asking {@code endpoint} to stream an answer to {@code request}. */
    static byte[] write(ChatEndpoint endpoint, ChatRequest request) {
        ChatOptions options = request.options();
        String model = options.model().orElse(endpoint.model());
        double temperature = options.temperature().orElse(endpoint.temperature());
        int maxTokens = options.maxTokens().orElse(endpoint.maxTokens());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JsonChunks.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", model);
            json.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                json.writeStartObject();
                json.writeStringField("role", wireName(message.role()));
                json.writeStringField("content", message.content());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("stream", true);
            if (endpoint.format() == ChatWireFormat.OLLAMA) {
                writeOllamaOptions(json, endpoint, temperature, maxTokens);
            } else {
                writeOpenAiOptions(json, endpoint, temperature, maxTokens);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The role's name on the wire, the same for OpenAI-compatible servers and Ollama. */
    static String wireName(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }

    private static void writeOpenAiOptions(JsonGenerator json, ChatEndpoint endpoint, double temperature,
                                           int maxTokens) throws IOException {
        if (endpoint.includeUsage()) {
            json.writeObjectFieldStart("stream_options");
            json.writeBooleanField("include_usage", true);
            json.writeEndObject();
        }
        if (!Double.isNaN(temperature)) {
            json.writeNumberField("temperature", temperature);
        }
        if (maxTokens > 0) {
            json.writeNumberField("max_tokens", maxTokens);
        }
        if (endpoint.enableThinking() != null) {
            json.writeBooleanField("enable_thinking", endpoint.enableThinking());
        }
    }

    private static void writeOllamaOptions(JsonGenerator json, ChatEndpoint endpoint, double temperature,
                                           int maxTokens) throws IOException {
        if (!Double.isNaN(temperature) || maxTokens > 0) {
            json.writeObjectFieldStart("options");
            if (!Double.isNaN(temperature)) {
                json.writeNumberField("temperature", temperature);
            }
            if (maxTokens > 0) {
                json.writeNumberField("num_predict", maxTokens);
            }
            json.writeEndObject();
        }
        if (endpoint.enableThinking() != null) {
            json.writeBooleanField("think", endpoint.enableThinking());
        }
        if (endpoint.keepAlive() != null) {
            json.writeStringField("keep_alive", endpoint.keepAlive());
        }
    }
}
