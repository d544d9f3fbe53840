package dev.audguard.core.binding.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address or CIDR range, parsed from literals only: a name is refused, so that no DNS answer
 * ever decides whom a header is trusted from. Immutable and thread-safe.
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private AddressRange(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /**
     * Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming {@code value} when it is none of those
     */
    public static AddressRange parse(String value) {
        String s = value == null ? "" : value.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        Optional<byte[]> bytes = parseLiteral(address);
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("trusted proxy '" + value + "' is not an IP address or CIDR range "
                    + "(e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8); host names are not accepted");
        }
        int max = bytes.get().length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("trusted proxy '" + value + "' has a prefix length outside 0.." + max);
            }
        }
        return new AddressRange(bytes.get(), prefix, s);
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), without any name look-up; empty for anything else. */
    public static Optional<byte[]> parseLiteral(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        boolean v4 = isDottedQuad(s);
        if (!v4 && !(s.indexOf(':') >= 0 && isIpv6Characters(s))) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // a literal: getByName parses it without any look-up
            byte[] bytes = InetAddress.getByName(s).getAddress();
            if (bytes.length == 16 && isV4Mapped(bytes)) {
                byte[] v4Bytes = new byte[4];
                System.arraycopy(bytes, 12, v4Bytes, 0, 4);
                return Optional.of(v4Bytes);
            }
            return Optional.of(bytes);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Four groups of one to three ASCII digits separated by dots: what the regular expression
     * {@code \d{1,3}(\.\d{1,3}){3}} matched, as a loop (this runs per request when a proxy's header
     * is configured). Package-private for {@code AddressRangeShapeTest}.
     */
    static boolean isDottedQuad(String s) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    /** One or more of {@code 0-9 A-F a-f : .}: what {@code [0-9A-Fa-f:.]+} matched. Package-private for the test. */
    static boolean isIpv6Characters(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code address} (from {@link #parseLiteral}) lies in this range. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return text;
    }
}
