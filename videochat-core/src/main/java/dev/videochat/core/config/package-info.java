/**
 * How engines are configured: a typed builder in code, the same settings as strings by name, one rule for both.
 *
 * <h2>Builders and string settings</h2>
 * Every engine has a builder ({@code OpenAiChatModel.builder()}, {@code FreeTtsSynthesizer.builder()},
 * {@code SpriteTalkingHead.builder()}, {@code FfmpegMuxer.builder()}, ...) whose methods take typed values
 * ({@link java.time.Duration}, {@link java.nio.file.Path}, {@link java.net.URI}, numbers, enums). Its provider,
 * found by name through {@link dev.videochat.core.provider.Providers}, maps its string settings onto that builder
 * with {@link dev.videochat.core.config.Settings}' {@code if...} methods, one key to the builder method of the same
 * name in camel case, so a setting and its method never disagree. A builder method checks its value at once
 * ({@link dev.videochat.core.config.BuilderChecks}) and names itself when it is wrong
 * ({@code [LLM/openai] temperature(double) must be 0..2, got 3}); the same value given as a string is reported
 * under the setting's name ({@code setting 'temperature' must be 0..2, got 3}).
 *
 * <h2>Unknown keys</h2>
 * Each provider declares its keys ({@link dev.videochat.api.Provider#settingNames()}); a key it does not declare is
 * refused, by {@code Providers} and by the provider's own {@code create}, with a
 * {@link dev.videochat.api.ConfigurationException} naming the key, the provider and the known keys in sorted order:
 * {@code [LLM/openai] unknown setting 'modle'; known: api-key, api-key-env, base-url, ...}. A known key ending in
 * {@code *} stands for a family ({@code header.*}).
 *
 * <h2>Secrets</h2>
 * An engine that needs an API key (the chat models, {@code cosyvoice}, {@code realtime}) takes it from
 * {@code apiKey(..)} in code or the {@code api-key} setting, else from an environment variable (its own, or the one
 * named by {@code apiKeyEnv(..)} / {@code api-key-env}). A required key that is missing fails when the engine is
 * built ({@code build()} or {@code create}), never later on the first call, with a
 * {@link dev.videochat.api.ConfigurationException} naming every way to give it:
 * {@code DASHSCOPE_API_KEY is not set: export it, or pass .apiKey(..) to DashScopeChatModel.builder(), or the
 * 'api-key' setting} ({@link dev.videochat.core.config.BuilderChecks#missingSecret}). Keys are never logged, nor
 * shown in a message or a {@code toString}.
 */
package dev.videochat.core.config;
