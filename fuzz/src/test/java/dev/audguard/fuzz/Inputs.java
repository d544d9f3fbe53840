package dev.audguard.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fuzzer input into fields at {@code 0xFF} bytes. {@code 0xFF} never occurs in UTF-8, so
 * a field is any text a parser could be handed, and seed files stay readable: fields of text with
 * one {@code 0xFF} between them.
 */
final class Inputs {
    static final byte SEPARATOR = (byte) 0xFF;

    private Inputs() {
    }

    /** The fields of {@code data}, always exactly {@code count} of them (missing ones are empty; the last takes the rest). */
    static List<byte[]> fields(byte[] data, int from, int count) {
        List<byte[]> fields = new ArrayList<>(count);
        int start = from;
        for (int i = from; i < data.length && fields.size() < count - 1; i++) {
            if (data[i] == SEPARATOR) {
                fields.add(slice(data, start, i));
                start = i + 1;
            }
        }
        fields.add(slice(data, Math.min(start, data.length), data.length));
        while (fields.size() < count) {
            fields.add(new byte[0]);
        }
        return fields;
    }

    static String text(byte[] field) {
        return new String(field, StandardCharsets.UTF_8);
    }

    /** Builds a seed: {@code prefix} bytes, then the fields as UTF-8 separated by {@code 0xFF}. */
    static byte[] seed(byte[] prefix, String... fields) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(prefix);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(SEPARATOR);
            }
            out.writeBytes(fields[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] data, int from, int to) {
        byte[] out = new byte[Math.max(0, to - from)];
        System.arraycopy(data, from, out, 0, out.length);
        return out;
    }
}
