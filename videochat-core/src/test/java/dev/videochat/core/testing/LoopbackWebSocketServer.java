package dev.videochat.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A WebSocket server on loopback, written from RFC 6455, for testing clients of WebSocket engines (CosyVoice,
 * edge-tts, FunASR) against the real wire protocol: the HTTP upgrade with Sec-WebSocket-Accept, masked client
 * frames, fragmentation, ping and close. Each connection runs its {@link Handler} on its own thread.
 */
public final class LoopbackWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the test's server side does with a connection. */
    public interface Handler {
        /** Called once the handshake is done; {@code request} holds the request line and headers (lower-case names). */
        default void onOpen(Connection connection, Map<String, String> request) throws IOException {
        }

        void onText(Connection connection, String text) throws IOException;

        default void onBinary(Connection connection, byte[] data) throws IOException {
        }
    }

    /** Decides the handshake answer: return a status other than 101 to refuse (with {@code body}). */
    public interface Gate {
        Refusal check(Map<String, String> request);
    }

    /** A refused handshake. */
    public record Refusal(int status, String body) {
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final Gate gate;
    private final Thread acceptor;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    /** Counts down each time a client connection ends (close frame or dropped socket). */
    public final CountDownLatch clientGone;

    public LoopbackWebSocketServer(Handler handler) throws IOException {
        this(handler, request -> null, 1);
    }

    /**
     * @param expectedClosures how many client disconnections {@link #clientGone} waits for
     */
    public LoopbackWebSocketServer(Handler handler, Gate gate, int expectedClosures) throws IOException {
        this.handler = handler;
        this.gate = gate;
        this.clientGone = new CountDownLatch(expectedClosures);
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "ws-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code ws://127.0.0.1:port} + {@code path}. */
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + path);
    }

    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "ws-test-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        Connection c = null;
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Map<String, String> request = readRequest(in);
            Refusal refusal = gate.check(request);
            if (refusal != null) {
                byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + refusal.status() + " Refused\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return;
            }
            String key = request.getOrDefault("sec-websocket-key", "");
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            c = new Connection(s, out);
            connections.add(c);
            handler.onOpen(c, request);
            readFrames(c, new DataInputStream(in));
        } catch (IOException e) {
            // The client went away.
        } finally {
            if (c != null) {
                c.open = false;
                clientGone.countDown();
            }
        }
    }

    private void readFrames(Connection c, DataInputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageType = 0;
        while (true) {
            int b0;
            try {
                b0 = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) == 0) {
                throw new IOException("client frame is not masked (RFC 6455 5.1)");
            }
            in.readFully(mask);
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            switch (opcode) {
                case 0x8 -> {
                    c.closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    c.sendFrame(0x8, payload);
                    return;
                }
                case 0x9 -> c.sendFrame(0xA, payload);
                case 0xA -> { }
                default -> {
                    if (opcode != 0) {
                        messageType = opcode;
                        message.reset();
                    }
                    message.write(payload);
                    if (fin) {
                        byte[] whole = message.toByteArray();
                        if (messageType == 0x1) {
                            String text = new String(whole, StandardCharsets.UTF_8);
                            c.received.add(text);
                            handler.onText(c, text);
                        } else {
                            handler.onBinary(c, whole);
                        }
                    }
                }
            }
        }
    }

    private static Map<String, String> readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        headers.put(":request", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Connection c : connections) {
            c.drop();
        }
    }

    /** The server side of one client connection. */
    public static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        /** Every text message the client sent, in order. */
        public final List<String> received = new CopyOnWriteArrayList<>();
        volatile boolean open = true;
        volatile int closeCode = -1;

        Connection(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        public void sendText(String text) throws IOException {
            sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        public void sendBinary(byte[] data) throws IOException {
            sendFrame(0x2, data);
        }

        /** Sends a text message split into {@code parts} frames (a fragmented message). */
        public void sendFragmentedText(String text, int parts) throws IOException {
            byte[] all = text.getBytes(StandardCharsets.UTF_8);
            int step = Math.max(1, all.length / parts);
            for (int at = 0, n = 0; at < all.length; at += step, n++) {
                boolean last = at + step >= all.length;
                byte[] piece = java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + step));
                writeFrame((last ? 0x80 : 0) | (n == 0 ? 0x1 : 0x0), piece);
                if (last) {
                    break;
                }
            }
        }

        /** Sends a close frame with {@code code}. */
        public void close(int code) throws IOException {
            sendFrame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
        }

        /** Drops the TCP connection without a close frame (a server dying mid-stream). */
        public void drop() throws IOException {
            socket.close();
        }

        /** Whether the client is still connected. */
        public boolean isOpen() {
            return open;
        }

        /** The close code the client sent, or -1 when it sent none. */
        public int closeCode() {
            return closeCode;
        }

        synchronized void sendFrame(int opcode, byte[] payload) throws IOException {
            writeFrame(0x80 | opcode, payload);
        }

        private synchronized void writeFrame(int first, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(first);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            } else {
                f.write(127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >> (8 * i)));
                }
            }
            f.write(payload);
            out.write(f.toByteArray());
            out.flush();
        }
    }

    /** The socket address, for tests that connect at the TCP level. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }
}
