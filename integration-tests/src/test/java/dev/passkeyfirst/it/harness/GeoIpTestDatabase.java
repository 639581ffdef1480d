package dev.passkeyfirst.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small IPv4 database in MaxMind's binary format (MaxMind DB 2.0: a search tree, a data
 * section, metadata), with "city" and "country" names as GeoLite2 City lays them out. The tests
 * cannot download a real GeoIP database, so they make one that places their own addresses.
 */
public final class GeoIpTestDatabase {

    private static final int RECORD_SIZE = 24;

    private GeoIpTestDatabase() {
    }

    /** @param places CIDR ("127.0.0.0/8") to {city, country} */
    public static Path write(Path file, Map<String, String[]> places) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Node root = new Node();
        for (Map.Entry<String, String[]> e : places.entrySet()) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("city", Map.of("names", Map.of("en", e.getValue()[0])));
            record.put("country", e.getValue().length > 2
                    ? Map.of("names", Map.of("en", e.getValue()[1]), "iso_code", e.getValue()[2])
                    : Map.of("names", Map.of("en", e.getValue()[1])));
            int offset = data.size();
            encode(data, record);
            String[] cidr = e.getKey().split("/");
            insert(root, ipv4(cidr[0]), Integer.parseInt(cidr[1]), offset);
        }
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> index = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.removeFirst();
            index.put(n, nodes.size());
            nodes.add(n);
            for (Object r : n.records) if (r instanceof Node child) queue.addLast(child);
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : nodes) {
            for (Object r : n.records) {
                long value = r == null ? nodeCount : r instanceof Node child ? index.get(child) : nodeCount + 16L + (Integer) r;
                out.write((int) (value >>> 16) & 0xff);
                out.write((int) (value >>> 8) & 0xff);
                out.write((int) value & 0xff);
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Uint32(nodeCount));
        metadata.put("record_size", new Uint16(RECORD_SIZE));
        metadata.put("ip_version", new Uint16(4));
        metadata.put("database_type", "PKF-Test-City");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", new Uint64(System.currentTimeMillis() / 1000));
        metadata.put("description", Map.of("en", "Passkey First test places"));
        encode(out, metadata);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static final class Node {
        /** Per bit: null (no data), a Node, or an Integer offset into the data section. */
        final Object[] records = new Object[2];
    }

    private record Uint16(int value) {
    }

    private record Uint32(long value) {
    }

    private record Uint64(long value) {
    }

    private static void insert(Node root, byte[] address, int prefixLength, int dataOffset) {
        Node n = root;
        for (int i = 0; i < prefixLength - 1; i++) {
            int bit = bit(address, i);
            if (n.records[bit] == null) n.records[bit] = new Node();
            n = (Node) n.records[bit];
        }
        n.records[bit(address, prefixLength - 1)] = dataOffset;
    }

    private static int bit(byte[] address, int i) {
        return (address[i / 8] >> (7 - i % 8)) & 1;
    }

    private static byte[] ipv4(String ip) {
        String[] p = ip.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) b[i] = (byte) Integer.parseInt(p[i]);
        return b;
    }

    private static void encode(ByteArrayOutputStream out, Object value) throws IOException {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, b.length);
            out.write(b);
        } else if (value instanceof Map<?, ?> m) {
            control(out, 7, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(out, e.getKey());
                encode(out, e.getValue());
            }
        } else if (value instanceof List<?> l) {
            control(out, 11, l.size());
            for (Object o : l) encode(out, o);
        } else if (value instanceof Uint16 u) {
            unsigned(out, 5, u.value(), 2);
        } else if (value instanceof Uint32 u) {
            unsigned(out, 6, u.value(), 4);
        } else if (value instanceof Uint64 u) {
            unsigned(out, 9, u.value(), 8);
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
        int bytes = 0;
        for (long v = value; v != 0; v >>>= 8) bytes++;
        if (bytes > maxBytes) throw new IllegalArgumentException(value + " too large");
        control(out, type, bytes);
        for (int i = bytes - 1; i >= 0; i--) out.write((int) (value >>> (8 * i)) & 0xff);
    }

    /** The control byte: type in the top three bits (0 and an extra byte for types above 7), then the size. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            if (size - 29 > 255) throw new IllegalArgumentException("size " + size);
            out.write(((type <= 7 ? type : 0) << 5) | 29);
            if (type > 7) out.write(type - 7);
            out.write(size - 29);
            return;
        }
        out.write(((type <= 7 ? type : 0) << 5) | size);
        if (type > 7) out.write(type - 7);
    }
}
