package dev.videochat.llm;

/** The two streaming chat protocols the client speaks. */
enum ChatWireFormat {

    /** OpenAI Chat Completions: {@code POST {base}/chat/completions}, answered with server-sent events. */
    OPENAI("chat/completions", "text/event-stream"),

    /** Ollama's native chat: {@code POST {base}/api/chat}, answered with newline-delimited JSON. */
    OLLAMA("api/chat", "application/x-ndjson");

    private final String path;
    private final String accept;

    ChatWireFormat(String path, String accept) {
        this.path = path;
        this.accept = accept;
    }

    /** The endpoint's path relative to the base URL. */
    String path() {
        return path;
    }

    /** The media type of the streamed response. */
    String accept() {
        return accept;
    }
}
