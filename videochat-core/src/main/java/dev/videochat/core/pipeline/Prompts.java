package dev.videochat.core.pipeline;

import java.util.Objects;

/**
 * The system prompts of the two chat modes.
 *
 * @param singleTurn  sent with every question in {@link ChatMode#SINGLE_TURN}
 * @param interactive sent at the start of the history in {@link ChatMode#INTERACTIVE}
 */
public record Prompts(String singleTurn, String interactive) {

    /** Chinese defaults: a helpful digital human answering in plain spoken Chinese. */
    public static final Prompts CHINESE = new Prompts(
            "你是一个友好的数字人助手。请用简洁、口语化的中文回答用户的问题，不要使用 Markdown、列表或表情符号，因为你的回答会被朗读出来。",
            "你是一个友好的数字人，正在和用户面对面聊天。每次只用一到三句简短、自然的口语中文回复，不要使用 Markdown、列表或表情符号。");

    /** English defaults. */
    public static final Prompts ENGLISH = new Prompts(
            "You are a friendly digital human assistant. Answer in clear, spoken English. Do not use Markdown, lists "
                    + "or emoji: your answer will be read aloud.",
            "You are a friendly digital human having a face-to-face conversation. Reply in one to three short, "
                    + "natural spoken sentences. Do not use Markdown, lists or emoji.");

    public Prompts {
        Objects.requireNonNull(singleTurn, "singleTurn");
        Objects.requireNonNull(interactive, "interactive");
    }

    /** The prompt for {@code mode}. */
    public String forMode(ChatMode mode) {
        return mode == ChatMode.INTERACTIVE ? interactive : singleTurn;
    }

    /** The defaults for a BCP 47 language tag: Chinese for {@code zh*}, English otherwise. */
    public static Prompts forLanguage(String languageTag) {
        return languageTag != null && languageTag.toLowerCase(java.util.Locale.ROOT).startsWith("zh") ? CHINESE : ENGLISH;
    }
}
