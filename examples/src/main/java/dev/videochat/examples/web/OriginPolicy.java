package dev.videochat.examples.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers only this server's own page: refuses with 403 a request whose {@code Host} does not name this server, or
 * whose {@code Origin} is another site's.
 *
 * <p>The Host check stops DNS rebinding (a foreign site's name re-pointed at this machine: the browser then sends
 * that name as the Host). A Host is this server's when its port is the server's and its name is {@code localhost},
 * a loopback address, or the address the connection came in on. The Origin check stops a page on another site from
 * driving the demo: browsers send {@code Origin} with every cross-site POST and stream request, and the server may
 * not answer them. A request without {@code Origin} (same-page navigation, curl) passes.
 *
 * <p>Origins given to {@code serve --allow-origin} are let in as well, and their names are accepted as Host (for a
 * reverse proxy or a LAN name); their cross-site requests are answered with CORS headers.
 */
final class OriginPolicy extends Filter {

    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private final Set<Origin> allowed;

    /** @param allowed the origins let in besides this server's own */
    OriginPolicy(Set<Origin> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * A web origin, as browsers send it in the {@code Origin} header.
     *
     * @param scheme {@code http} or {@code https}
     * @param host   the lowercase host name, or an IP literal (IPv6 in brackets)
     * @param port   the port, 1 to 65535 (the scheme's default when the origin names none)
     */
    record Origin(String scheme, String host, int port) {

        /**
         * Parses {@code scheme://host[:port]}.
         *
         * @throws IllegalArgumentException saying what is wrong with it
         */
        static Origin parse(String text) {
            String hint = "an origin is scheme://host[:port] with no path, like http://192.168.1.20:8080, got '"
                    + text + "'";
            URI uri;
            try {
                uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(hint);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(hint);
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
        }

        @Override
        public String toString() {
            boolean usual = port == (scheme.equals("https") ? 443 : 80);
            return scheme + "://" + host + (usual ? "" : ":" + port);
        }
    }

    @Override
    public String description() {
        return "refuses requests whose Host is not this server or whose Origin is another site";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        String hostHeader = headers.getFirst("Host");
        Matcher host = hostHeader == null ? null : HOST.matcher(hostHeader.strip());
        if (host == null || !host.matches() || !isThisServer(exchange, host)) {
            refuse(exchange, "the Host header " + (hostHeader == null ? "is missing" : "'" + clip(hostHeader)
                    + "' does not name this server") + ": open the page at the server's own address, or let "
                    + "that name in with serve --allow-origin http://NAME:PORT");
            return;
        }
        String originHeader = headers.getFirst("Origin");
        if (originHeader == null) {
            chain.doFilter(exchange);
            return;
        }
        Optional<Origin> origin = parseQuietly(originHeader);
        boolean sameSite = origin.isPresent() && origin.get().scheme().equals("http")
                && origin.get().host().equals(host.group(1).toLowerCase(Locale.ROOT))
                && origin.get().port() == portOf(host, 80);
        if (sameSite) {
            chain.doFilter(exchange);
        } else if (origin.isPresent() && allowed.contains(origin.get())) {
            allowCrossSite(exchange, chain, originHeader);
        } else {
            refuse(exchange, "requests from the page of " + clip(originHeader) + " are not allowed: only this "
                    + "server's own page may use it (to let that site in, start it with serve --allow-origin "
                    + "ORIGIN)");
        }
    }

    private boolean isThisServer(HttpExchange exchange, Matcher host) {
        String name = host.group(1).toLowerCase(Locale.ROOT);
        for (Origin origin : allowed) {
            if (origin.host().equals(name) && portOf(host, origin.port()) == origin.port()) {
                return true;
            }
        }
        if (portOf(host, 80) != exchange.getLocalAddress().getPort()) {
            return false;
        }
        if (name.equals("localhost")) {
            return true;
        }
        boolean v6 = name.startsWith("[");
        if (!v6 && !IPV4.matcher(name).matches()) {
            return false; // a name: only the allowed ones above (a literal needs no lookup; a name would)
        }
        try {
            InetAddress address = InetAddress.getByName(v6 ? name.substring(1, name.length() - 1) : name);
            return address.isLoopbackAddress() || address.equals(exchange.getLocalAddress().getAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Lets an allowed foreign origin's request through with CORS headers; answers its preflight itself. */
    private static void allowCrossSite(HttpExchange exchange, Chain chain, String origin) throws IOException {
        Headers response = exchange.getResponseHeaders();
        response.set("Access-Control-Allow-Origin", origin);
        response.set("Vary", "Origin");
        if (exchange.getRequestMethod().equals("OPTIONS")
                && exchange.getRequestHeaders().getFirst("Access-Control-Request-Method") != null) {
            response.set("Access-Control-Allow-Methods", "GET, POST");
            response.set("Access-Control-Allow-Headers", "Content-Type");
            response.set("Access-Control-Max-Age", "600");
            Http.send(exchange, 204, "text/plain", new byte[0]);
            exchange.close();
            return;
        }
        chain.doFilter(exchange);
    }

    private static int portOf(Matcher host, int otherwise) {
        return host.group(2) == null ? otherwise : Integer.parseInt(host.group(2));
    }

    private static Optional<Origin> parseQuietly(String text) {
        try {
            return Optional.of(Origin.parse(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // "null" (sandboxed frames, files) and malformed ones are foreign
        }
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private static void refuse(HttpExchange exchange, String message) throws IOException {
        Http.error(exchange, 403, "refused: " + message);
        exchange.close();
    }
}
