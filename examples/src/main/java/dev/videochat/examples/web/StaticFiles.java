package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the page's files from a folder of the class path ({@code web/}). A request path is decoded, resolved
 * against the folder and normalized; anything that lands outside the folder ({@code ../}, {@code %2e%2e},
 * absolute paths) is refused with 403 before any file is looked up. Only known file types are served.
 */
final class StaticFiles implements HttpHandler {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private final String folder;
    /** A stand-in root in the file system's syntax: paths are only normalized and compared, never opened. */
    private final Path base;

    StaticFiles(String classPathFolder) {
        this.folder = classPathFolder;
        this.base = Path.of(File.separator, classPathFolder);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                Http.error(exchange, 405, "only GET and HEAD are served here");
                return;
            }
            Optional<String> resource = resolve(exchange.getRequestURI().getPath());
            if (resource.isEmpty()) {
                Http.error(exchange, 403, "forbidden path");
                return;
            }
            String name = resource.get();
            String type = TYPES.get(extension(name));
            InputStream in = type == null ? null : StaticFiles.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                Http.error(exchange, 404, "not found: " + exchange.getRequestURI().getPath());
                return;
            }
            byte[] body;
            try (in) {
                body = in.readAllBytes();
            }
            Http.send(exchange, 200, type, method.equals("HEAD") ? new byte[0] : body);
        }
    }

    /**
     * The class-path name of the file a decoded request path names, or empty when the path leaves the folder or
     * is not a valid path.
     */
    Optional<String> resolve(String requestPath) {
        String relative = requestPath == null ? "" : requestPath;
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        if (relative.isEmpty() || relative.endsWith("/")) {
            relative += "index.html";
        }
        Path target;
        try {
            target = base.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!target.startsWith(base) || target.equals(base)) {
            return Optional.empty();
        }
        return Optional.of(folder + "/" + base.relativize(target).toString().replace(File.separatorChar, '/'));
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot < name.lastIndexOf('/') ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
