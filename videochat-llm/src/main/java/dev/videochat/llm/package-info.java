/**
 * The streaming LLM client: OpenAI-compatible Chat Completions (server-sent events) and Ollama's native chat
 * (newline-delimited JSON) over the JDK's HTTP client, parsed as the bytes arrive with jackson-core's streaming
 * parser.
 *
 * <h2>In code</h2>
 * Each provider has a typed builder, {@link dev.videochat.llm.OpenAiChatModel#builder()},
 * {@link dev.videochat.llm.DashScopeChatModel#builder()}, {@link dev.videochat.llm.OllamaChatModel#builder()} and
 * {@link dev.videochat.llm.OpenAiCompatibleChatModel#builder()}, all a {@link dev.videochat.llm.ChatModelBuilder}
 * starting from that provider's defaults:
 * <pre>{@code
 * ChatModel llm = OpenAiChatModel.builder().apiKey(key).model("gpt-4o-mini").temperature(0.7).build();
 * }</pre>
 * Each method checks its value and names itself when it is wrong ({@code temperature(double) must be 0..2, got 3}).
 *
 * <h2>Providers</h2>
 * Found with {@link java.util.ServiceLoader} as {@link dev.videochat.api.llm.ChatModelProvider}s; each maps its
 * string settings onto its builder, so every setting below is a builder method of the same name in camel case
 * ({@code header.NAME} is {@code header(NAME, value)}). A key that is not listed is a
 * {@link dev.videochat.api.ConfigurationException} naming it and listing the known ones:
 * <table>
 *   <caption>Chat providers and their defaults</caption>
 *   <tr><th>name</th><th>base-url</th><th>model</th><th>key</th></tr>
 *   <tr><td>{@code openai}</td><td>{@code https://api.openai.com/v1}</td><td>{@code gpt-4o-mini}</td>
 *       <td>{@code OPENAI_API_KEY}, required unless base-url is local (below)</td></tr>
 *   <tr><td>{@code dashscope}</td><td>{@code https://dashscope.aliyuncs.com/compatible-mode/v1}</td>
 *       <td>{@code qwen-turbo}</td><td>{@code DASHSCOPE_API_KEY}, required unless base-url is local</td></tr>
 *   <tr><td>{@code openai-compatible}</td><td>{@code http://127.0.0.1:8000/v1} (vLLM)</td><td>required</td>
 *       <td>none unless {@code api-key-env} is set</td></tr>
 *   <tr><td>{@code ollama}</td><td>{@code http://127.0.0.1:11434} (native {@code /api/chat})</td>
 *       <td>{@code qwen2.5:7b}</td><td>none unless {@code api-key-env} is set</td></tr>
 * </table>
 *
 * <h2>Settings</h2>
 * <ul>
 *   <li>{@code base-url}: the server's base URL; {@code /chat/completions} (or {@code /api/chat}) is appended
 *       unless it is already there.</li>
 *   <li>{@code model}: the model name; a request's {@link dev.videochat.api.llm.ChatOptions} may override it.</li>
 *   <li>{@code api-key}: the API key itself (sent as {@code Authorization: Bearer}); it wins over any
 *       environment variable. Pass it from code or a secret store, never from a file that is checked in.</li>
 *   <li>{@code api-key-env}: the name of the environment variable holding the API key, in place of the
 *       provider's own. No key is required from a server on this machine or a private network ({@code localhost},
 *       {@code *.local}, 127.0.0.0/8, {@code ::1}, 10/8, 172.16/12, 192.168/16, fc00::/7): the default variable's
 *       key is sent when it is set, nothing otherwise. Naming {@code api-key-env} makes the key required wherever
 *       the server is.</li>
 *   <li>{@code temperature}: 0 to 2; unset leaves it to the server.</li>
 *   <li>{@code max-tokens}: the most tokens to generate, 1 to 1,000,000; unset leaves it to the server.</li>
 *   <li>{@code header.NAME}: an extra request header {@code NAME} (for example {@code header.OpenAI-Organization}).
 *       </li>
 *   <li>{@code connect-timeout}: the longest wait to connect; default {@code 5s}.</li>
 *   <li>{@code headers-timeout}: the longest wait of one attempt for the response headers, connecting included;
 *       default {@code 10s}. Ollama answers only once the model is loaded: raise it for large models.</li>
 *   <li>{@code read-timeout}: the longest wait for the next content of the stream (an event's data, a JSON line).
 *       Keep-alive comments and blank lines do not count, nor does the time the handler takes; default
 *       {@code 30s}.</li>
 *   <li>{@code first-delta-timeout}: the longest wait for the first delta, all attempts and backoff included;
 *       waits before it are cut to what is left, and a retry starts only while a whole {@code headers-timeout}
 *       still fits; default {@code 35s}.</li>
 *   <li>{@code max-retries}: how many times a request that failed before its first delta is repeated (connect
 *       failures, timeouts, 408, 429, 5xx, a stream cut short), within the {@code first-delta-timeout}; 0 to 10,
 *       default 2.</li>
 *   <li>{@code retry-backoff}: the wait before the first retry, doubled for each further one (at most 10 s);
 *       default {@code 500ms}.</li>
 *   <li>{@code include-usage}: ask for the usage chunk ({@code stream_options.include_usage}); default
 *       {@code true}. Set {@code false} for servers that reject {@code stream_options}.</li>
 *   <li>{@code enable-thinking}: sent as DashScope's {@code enable_thinking} (Ollama: {@code think}); unset sends
 *       nothing. Reasoning text goes to {@link dev.videochat.api.llm.ChatHandler#onReasoningDelta}, never to
 *       speech.</li>
 *   <li>{@code keep-alive}: Ollama only (an unknown setting elsewhere), how long the model stays loaded (for
 *       example {@code 5m}).</li>
 * </ul>
 * Durations are milliseconds or carry a unit ({@code 1500ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * {@code PT30S}).
 *
 * <h2>Keys</h2>
 * The key is {@code apiKey(..)} (setting {@code api-key}) when given, otherwise the environment variable. A required
 * key that is missing fails at build time, in {@code build()} or the provider's {@code create}, never later on the
 * first call: the {@link dev.videochat.api.ConfigurationException} names every way to give it, for example
 * {@code DASHSCOPE_API_KEY is not set: export it, or pass .apiKey(..) to DashScopeChatModel.builder(), or the
 * 'api-key' setting}. Keys are never logged, nor shown in any message or {@code toString}. The TTS engine
 * {@code cosyvoice} and the speech-to-speech model {@code realtime} follow the same rule.
 *
 * <h2>Behaviour</h2>
 * Deltas are delivered on a thread of the model, in order; {@link dev.videochat.api.Call#cancel()} closes the
 * stream at once and no delta is delivered after it returns. Failures complete the call with a
 * {@link dev.videochat.api.RemoteServiceException} naming the provider, the endpoint and the server's own message.
 * Only failures before the first delta are retried. With the defaults, a call that brings no delta fails within
 * 35 s whatever the server does (three attempts that get no headers take 31.5 s), and a stream that stops bringing
 * content fails 30 s after its last. An {@link Error} on a stream's thread ends the call too, with a
 * {@link dev.videochat.api.VideoChatException} whose cause it is. The
 * {@link dev.videochat.api.llm.ChatResult} carries the time to the first delta and the generation speed.
 */
package dev.videochat.llm;
