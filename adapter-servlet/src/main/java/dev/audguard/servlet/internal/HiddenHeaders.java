package dev.audguard.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The application's view of a request without the headers the front door says it must not see
 * ({@link dev.audguard.core.ProtectedResource#untrustedHeaders}: a trusted proxy's certificate
 * header sent by anyone else). Shared by the servlet filter and the MCP servlet filter. Not API:
 * for audguard's modules only, may change in any release.
 *
 * <p>The wrapper is as thread-safe as the request it wraps.
 */
public final class HiddenHeaders extends HttpServletRequestWrapper {
    private final Set<String> hidden;

    private HiddenHeaders(HttpServletRequest request, Set<String> hidden) {
        super(request);
        this.hidden = hidden.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code request} itself when {@code names} is empty (the usual case), else a view without those headers. */
    public static HttpServletRequest hide(HttpServletRequest request, Set<String> names) {
        return names.isEmpty() ? request : new HiddenHeaders(request, names);
    }

    private boolean isHidden(String name) {
        return name != null && hidden.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String getHeader(String name) {
        return isHidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (names == null) {
            return null;
        }
        List<String> visible = new ArrayList<>();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (!isHidden(name)) {
                visible.add(name);
            }
        }
        return Collections.enumeration(visible);
    }

    @Override
    public long getDateHeader(String name) {
        return isHidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        return isHidden(name) ? -1 : super.getIntHeader(name);
    }
}
