package dev.passkeyfirst.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/** The test client's redirect target: a page that says "signed in", so screenshots and waits see a real page. */
public final class Callback {

    public static final int PORT = Integer.getInteger("pkf.callback.port", 18999);

    private static HttpServer server;

    private Callback() {
    }

    public static synchronized void ensureStarted() {
        if (server != null) return;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
            server.createContext("/", ex -> {
                byte[] body = ("<!doctype html><title>Test app</title><h1 id=signed-in>Signed in to the test app</h1>")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("callback port " + PORT + " busy", e);
        }
    }
}
