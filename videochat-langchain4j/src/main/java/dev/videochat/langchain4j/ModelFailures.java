package dev.videochat.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exceptions a bridged call ends with: each names the stage and the provider, the HTTP status where
 * LangChain4j kept one, the server's own words, what to check, and how much of the answer had already been
 * delivered (that text stays delivered; the answer is just cut short).
 */
final class ModelFailures {

    /** Server error bodies can be whole HTML pages; a message keeps this many characters of one. */
    private static final int MAX_DETAIL_CHARS = 400;
    /**
     * The first {@code "message": "..."} of a JSON body, escapes and all; written as an unrolled loop, which does
     * not recurse once per character as {@code (a|b)*} does in {@link Pattern}.
     */
    private static final Pattern JSON_MESSAGE =
            Pattern.compile("\"message\"\\s*:\\s*\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");

    private ModelFailures() {
    }

    /**
     * What LangChain4j reported through {@code onError}, or what its model threw when asked to chat.
     *
     * @param deltas how many answer deltas had reached the handler before the failure
     */
    static VideoChatException model(String provider, Throwable error, int deltas) {
        if (error instanceof VideoChatException known) {
            return known; // a hand-written LangChain4j model may already speak the SDK's exceptions
        }
        Optional<HttpException> http = find(error, HttpException.class);
        String what = http.map(e -> "HTTP " + e.statusCode() + ": " + serverMessage(e.getMessage()))
                .orElseGet(() -> describe(unwrap(error)));
        int status = http.map(HttpException::statusCode).orElse(-1);
        return new VideoChatException(Stage.LLM, provider, "the LangChain4j model failed with " + what
                + hint(error, status) + delivered(deltas), error);
    }

    /** The chat handler (the SDK's side) threw while taking a delta. */
    static VideoChatException handler(String provider, Throwable error, int deltas) {
        if (error instanceof VideoChatException known) {
            return known;
        }
        return new VideoChatException(Stage.LLM, provider, "the chat handler failed with " + describe(error)
                + "; the stream was stopped" + delivered(deltas), error);
    }

    /** The chat handler was interrupted, not by a cancel (the thread's owner is shutting down, most likely). */
    static VideoChatException interrupted(String provider, InterruptedException error, int deltas) {
        return new VideoChatException(Stage.LLM, provider, "the chat handler was interrupted while taking a delta; "
                + "the stream was stopped" + delivered(deltas), error);
    }

    private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /**
     * What went wrong, past the exceptions that only wrap another: the JDK's completion wrappers and the plain
     * {@link LangChain4jException} or {@link RuntimeException} that LangChain4j wraps checked exceptions in.
     */
    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t && (t instanceof CompletionException
                || t instanceof ExecutionException || t.getClass() == LangChain4jException.class
                || t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The server's own words from an error body: OpenAI's shape ({@code {"error":{"message":"..."}}}, which most
     * compatible servers copy) shortened to its message, any other body as it is.
     */
    private static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no error body)";
        }
        Matcher message = JSON_MESSAGE.matcher(body);
        String text = body.strip().startsWith("{") && message.find()
                ? message.group(1).replace("\\\"", "\"").replace("\\n", " ").replace("\\\\", "\\") : body;
        return oneLine(text).replaceFirst("\\.$", ""); // a hint follows after a semicolon
    }

    private static String hint(Throwable error, int code) {
        if (error instanceof AuthenticationException || code == 401 || code == 403) {
            return "; check the API key the LangChain4j model was built with";
        }
        if (error instanceof ModelNotFoundException || code == 404) {
            return "; check the model name and base URL the LangChain4j model was built with";
        }
        if (error instanceof RateLimitException || code == 429) {
            return "; rate limited or out of quota, try again later";
        }
        if (error instanceof TimeoutException || code == 408) {
            return "; the server did not answer in time (the LangChain4j model's timeout setting)";
        }
        if (error instanceof InternalServerException || code >= 500) {
            return "; the server failed, a later try may succeed";
        }
        if (error instanceof UnresolvedModelServerException) {
            return "; the server's host name did not resolve, check the base URL";
        }
        if (find(error, ConnectException.class).isPresent()) {
            return "; is the server running, and the base URL the LangChain4j model was built with right?";
        }
        if (error instanceof ContentFilteredException) {
            return "; the provider's content filter stopped the answer";
        }
        if (error instanceof InvalidRequestException || code >= 400) {
            return "; the server rejected the request (a setting or an option it does not support?)";
        }
        if (find(error, IOException.class).isPresent()) {
            return "; the connection to the server broke";
        }
        return "";
    }

    private static String delivered(int deltas) {
        return deltas == 0 ? "" : "; " + deltas + (deltas == 1 ? " delta" : " deltas")
                + " of the answer had been delivered, the rest is missing";
    }

    /** The exception's type and message, on one line. */
    private static String describe(Throwable error) {
        String text = error.getMessage();
        String type = error.getClass().getSimpleName();
        return text == null || text.isBlank() ? type : type + ": " + oneLine(text);
    }

    /** {@code text} on one line, cut to a readable length. */
    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_DETAIL_CHARS ? line : line.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
