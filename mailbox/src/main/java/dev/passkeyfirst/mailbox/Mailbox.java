package dev.passkeyfirst.mailbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * A local mailbox: SMTP on loopback that accepts every message, a web page that lists them with
 * clickable links, and a JSON API ({@code GET /api/messages}, {@code DELETE /api/messages}).
 * The demo runs it standalone; the tests start it in-process on free ports.
 */
public final class Mailbox implements AutoCloseable {

    public record Mail(String to, String from, String subject, String text, String html, Instant received) {
        /** Every http(s) link in the text part, in order. */
        public List<String> links() {
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("https?://[^\\s\"'<>]+").matcher(text == null ? "" : text);
            while (m.find()) out.add(m.group());
            return out;
        }
    }

    private final GreenMail greenMail;
    private final HttpServer http;

    private Mailbox(GreenMail greenMail, HttpServer http) {
        this.greenMail = greenMail;
        this.http = http;
    }

    /** @param httpPort 0 for none */
    public static Mailbox start(int smtpPort, int httpPort) throws IOException {
        return start("127.0.0.1", smtpPort, httpPort);
    }

    /**
     * @param bind the address to listen on: loopback for the demo and the tests; all addresses
     *             ({@code 0.0.0.0}) in a container, where Keycloak and the browser are elsewhere
     * @param httpPort 0 for none
     */
    public static Mailbox start(String bind, int smtpPort, int httpPort) throws IOException {
        GreenMail gm = new GreenMail(new ServerSetup(smtpPort, bind, ServerSetup.PROTOCOL_SMTP));
        gm.start();
        HttpServer server = null;
        Mailbox box = new Mailbox(gm, null);
        if (httpPort > 0) {
            server = HttpServer.create(new InetSocketAddress(bind, httpPort), 0);
            box = new Mailbox(gm, server);
            Mailbox self = box;
            server.createContext("/api/messages", self::api);
            server.createContext("/", self::page);
            server.start();
        }
        return box;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public List<Mail> messages() {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) out.add(read(m));
        out.sort(Comparator.comparing(Mail::received));
        return out;
    }

    public Optional<Mail> await(Predicate<Mail> match, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        do {
            Optional<Mail> found = messages().stream().filter(match).reduce((a, b) -> b);
            if (found.isPresent()) return found;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (System.nanoTime() < end);
        return Optional.empty();
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (http != null) http.stop(0);
        greenMail.stop();
    }

    private static Mail read(MimeMessage m) {
        try {
            String to = m.getRecipients(Message.RecipientType.TO) == null ? "" : m.getRecipients(Message.RecipientType.TO)[0].toString();
            String from = m.getFrom() == null ? "" : m.getFrom()[0].toString();
            String[] parts = new String[2];
            collect(m.getContent(), m.getContentType(), parts);
            Instant received = m.getReceivedDate() != null ? m.getReceivedDate().toInstant()
                    : m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.now();
            return new Mail(to, from, m.getSubject(), parts[0], parts[1], received);
        } catch (MessagingException | IOException e) {
            return new Mail("", "", "(unreadable: " + e.getMessage() + ")", "", "", Instant.now());
        }
    }

    private static void collect(Object content, String type, String[] parts) throws MessagingException, IOException {
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart p = mp.getBodyPart(i);
                collect(p.getContent(), p.getContentType(), parts);
            }
        } else if (content instanceof String s) {
            if (type != null && type.toLowerCase().startsWith("text/html")) parts[1] = s;
            else if (parts[0] == null) parts[0] = s;
        }
    }

    private void api(HttpExchange ex) throws IOException {
        if ("DELETE".equals(ex.getRequestMethod())) {
            purge();
            respond(ex, 204, "application/json", "");
            return;
        }
        StringBuilder json = new StringBuilder("[");
        List<Mail> all = messages();
        for (int i = 0; i < all.size(); i++) {
            Mail m = all.get(i);
            if (i > 0) json.append(',');
            json.append("{\"to\":").append(q(m.to())).append(",\"from\":").append(q(m.from()))
                    .append(",\"subject\":").append(q(m.subject())).append(",\"received\":").append(q(m.received().toString()))
                    .append(",\"text\":").append(q(m.text())).append(",\"html\":").append(q(m.html()))
                    .append(",\"links\":[");
            List<String> links = m.links();
            for (int j = 0; j < links.size(); j++) json.append(j > 0 ? "," : "").append(q(links.get(j)));
            json.append("]}");
        }
        respond(ex, 200, "application/json", json.append(']').toString());
    }

    private void page(HttpExchange ex) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><html lang=en><meta charset=utf-8>"
                + "<meta http-equiv=refresh content=5><title>Passkey First mailbox</title>"
                + "<style>body{font:15px system-ui;margin:2rem;max-width:60rem}article{border:1px solid #ccc;"
                + "border-radius:6px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}small{color:#666}</style>"
                + "<h1>Mailbox</h1><p><small>Every message the demo realm sends. JSON: <a href=/api/messages>/api/messages</a>."
                + " Refreshes every 5 seconds.</small></p>");
        List<Mail> all = messages();
        if (all.isEmpty()) html.append("<p>No messages yet.</p>");
        for (int i = all.size() - 1; i >= 0; i--) {
            Mail m = all.get(i);
            String text = linked(m.text() == null ? "" : m.text());
            html.append("<article><h2>").append(esc(m.subject())).append("</h2><p><small>To ").append(esc(m.to()))
                    .append(" &middot; ").append(esc(m.received().toString())).append("</small></p><pre>").append(text)
                    .append("</pre></article>");
        }
        respond(ex, 200, "text/html; charset=utf-8", html.toString());
    }

    /** Escapes the text and makes each link clickable. */
    private static String linked(String raw) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("https?://[^\\s\"'<>]+").matcher(raw);
        int last = 0;
        while (m.find()) {
            out.append(esc(raw.substring(last, m.start())));
            String url = esc(m.group());
            out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
            last = m.end();
        }
        return out.append(esc(raw.substring(last))).toString();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private static String q(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static void main(String[] args) throws Exception {
        int smtp = 1025;
        int web = 8025;
        String bind = "127.0.0.1";
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--smtp")) smtp = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--http")) web = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--bind")) bind = args[i + 1];
        }
        Mailbox box = start(bind, smtp, web);
        Runtime.getRuntime().addShutdownHook(new Thread(box::close));
        System.out.println("mailbox: SMTP on " + bind + ":" + smtp + ", web page and JSON on http://" + bind + ":" + web + "/");
        Thread.currentThread().join();
    }
}
