package dev.videochat.asr.funasr;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

/** The exceptions of the {@code funasr} engine, each naming the server and saying what to do. */
final class FunAsrFailures {

    private final URI endpoint;
    private final boolean trustAll;

    FunAsrFailures(FunAsrSettings settings) {
        URI url = settings.url();
        this.endpoint = URI.create(url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath()));
        this.trustAll = settings.trustAllCertificates();
    }

    /** The server's address as shown in messages (no credentials, no query). */
    URI endpoint() {
        return endpoint;
    }

    /** The WebSocket could not be opened. */
    RemoteServiceException connect(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (find(cause, SSLException.class) != null) {
            String advice = trustAll
                    ? "the server's TLS is not usable even with trust-all-certificates=true; if it runs without TLS "
                    + "(--certfile 0), use ws:// instead of wss://"
                    : "the FunASR runtime server runs TLS with a self-signed certificate by default (run_server*.sh "
                    + "passes --certfile ssl_key/server.crt). Either start it with --certfile 0 and use ws://, or keep "
                    + "wss:// and set trust-all-certificates=true to accept its certificate";
            return error(-1, false, "TLS handshake failed (" + rootMessage(cause) + "): " + advice, cause);
        }
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            return error(status, status >= 500, "the server refused the WebSocket handshake with HTTP " + status
                    + "; is this the FunASR runtime server (funasr-wss-server / funasr-wss-server-2pass)?", cause);
        }
        if (find(cause, ConnectException.class) != null) {
            return error(-1, true, "cannot connect to the FunASR server: is it running and listening on this port? "
                    + "Start it with docker as described in the videochat-asr-funasr README (run_server_2pass.sh, "
                    + "default port 10095), or set 'url'", cause);
        }
        if (find(cause, HttpTimeoutException.class) != null) {
            return error(-1, true, "no WebSocket handshake within the connect-timeout; is the server overloaded, or "
                    + "is the host behind a firewall?", cause);
        }
        String tlsHint = endpoint.getScheme().equals("ws")
                ? "; if the server runs TLS (its default, without --certfile 0), use wss:// with "
                + "trust-all-certificates=true" : "";
        return error(-1, true, "cannot open the WebSocket: " + rootMessage(cause) + tlsHint, cause);
    }

    /** Any other failure of a connection. */
    RemoteServiceException error(int status, boolean retryable, String message, Throwable cause) {
        return new RemoteServiceException(Stage.ASR, FunAsrProvider.NAME, endpoint, status, retryable, message, cause);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
