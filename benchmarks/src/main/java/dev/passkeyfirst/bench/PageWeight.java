package dev.passkeyfirst.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passkeyfirst.testsupport.WebClient.Page;
import org.jsoup.nodes.Element;

/**
 * What a sign-in page makes a browser with an empty cache download: the HTML, every stylesheet and
 * script it links, and every ES module those import (through the page's import map for bare names).
 * "Ours" are the files our theme jar adds (their names start with {@code pkf}).
 */
final class PageWeight {

    private static final Pattern IMPORT = Pattern.compile("\\b(?:import|export)\\b\\s*(?:[^;'\"]*?\\sfrom\\s*)?[\"']([^\"']+)[\"']");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Resource(String path, String kind, int bytes, int gzipBytes, boolean ours) {
    }

    record Weight(String page, int htmlBytes, int htmlGzipBytes, List<Resource> resources) {
        int bytes(boolean ours, String kind) {
            return resources.stream().filter(r -> r.ours() == ours && (kind == null || r.kind().equals(kind))).mapToInt(Resource::bytes).sum();
        }

        int gzipBytes(boolean ours, String kind) {
            return resources.stream().filter(r -> r.ours() == ours && (kind == null || r.kind().equals(kind))).mapToInt(Resource::gzipBytes).sum();
        }

        int totalBytes() {
            return htmlBytes + resources.stream().mapToInt(Resource::bytes).sum();
        }
    }

    private PageWeight() {
    }

    static Weight of(String name, Page page, HttpClient http) {
        Set<String> urls = new LinkedHashSet<>();
        Deque<String> modules = new ArrayDeque<>();
        Map<String, String> importMap = importMap(page);
        for (Element link : page.doc().select("link[rel=stylesheet][href]")) urls.add(link.absUrl("href"));
        for (Element script : page.doc().select("script[src]")) {
            urls.add(script.absUrl("src"));
            if ("module".equals(script.attr("type"))) modules.add(script.absUrl("src"));
        }
        for (Element inline : page.doc().select("script[type=module]:not([src])")) {
            imports(inline.data(), page.url(), importMap).forEach(u -> {
                if (urls.add(u)) modules.add(u);
            });
        }
        Map<String, byte[]> bodies = new HashMap<>();
        while (!modules.isEmpty()) {
            String module = modules.poll();
            byte[] body = bodies.computeIfAbsent(module, u -> fetch(http, u));
            imports(new String(body, StandardCharsets.UTF_8), module, importMap).forEach(u -> {
                if (urls.add(u)) modules.add(u);
            });
        }
        List<Resource> resources = new ArrayList<>();
        for (String u : urls) {
            byte[] body = bodies.computeIfAbsent(u, x -> fetch(http, x));
            String path = URI.create(u).getPath();
            String file = path.substring(path.lastIndexOf('/') + 1);
            resources.add(new Resource(path, file.endsWith(".css") ? "css" : "js", body.length, gzip(body).length, file.startsWith("pkf")));
        }
        byte[] html = page.body().getBytes(StandardCharsets.UTF_8);
        return new Weight(name, html.length, gzip(html).length, resources);
    }

    private static Map<String, String> importMap(Page page) {
        Map<String, String> map = new HashMap<>();
        for (Element e : page.doc().select("script[type=importmap]")) {
            try {
                JsonNode imports = JSON.readTree(e.data()).path("imports");
                imports.fields().forEachRemaining(f -> map.put(f.getKey(), URI.create(page.url()).resolve(f.getValue().asText()).toString()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return map;
    }

    private static List<String> imports(String source, String base, Map<String, String> importMap) {
        List<String> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String spec = m.group(1);
            if (importMap.containsKey(spec)) out.add(importMap.get(spec));
            else if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("http")) out.add(URI.create(base).resolve(spec).toString());
        }
        return out;
    }

    private static byte[] fetch(HttpClient http, String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + ": " + r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
