package health.liaison.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a fixed loopback port in front of a server. Kafka advertises the gate's address, so every
 * client connection passes through it; {@link #close()} makes the server unreachable (as a network partition or a
 * stopped broker would, connections cut) while the server keeps its data, {@link #open()} makes it reachable again
 * on the same address. It also gives the in-process broker a fixed, well-known port (9092 for the local stack).
 */
public final class TcpGate implements AutoCloseable {

    private final int port;
    private volatile InetSocketAddress target;
    private volatile ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public TcpGate(int port) {
        this.port = port == 0 ? InProcessInfrastructure.freePort() : port;
    }

    public int port() {
        return port;
    }

    public void forwardTo(String host, int targetPort) {
        this.target = new InetSocketAddress(host, targetPort);
    }

    public synchronized void open() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is taken: stop what uses it (another local stack?) "
                    + "or choose another port", e);
        }
        ServerSocket accepting = server;
        Thread.ofVirtual().name("tcp-gate-" + port).start(() -> accept(accepting));
    }

    @Override
    public synchronized void close() {
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Socket connection : open) {
            closeQuietly(connection);
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other side or the gate closed the connection
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
