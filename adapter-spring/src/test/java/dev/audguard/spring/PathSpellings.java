package dev.audguard.spring;

import java.util.stream.Stream;

/**
 * Spellings of a protected path that a server or Spring may map to it (encoded slashes and dots,
 * {@code ;} matrix parameters, {@code ..}, double slashes, case), sent by the servlet and the
 * reactive path tests alike so that both stacks face the same list. None may reach the handler
 * without that path's requirements.
 */
public final class PathSpellings {
    private PathSpellings() {
    }

    /** Spellings of {@code /admin/report}. */
    public static Stream<String> adminReport() {
        return Stream.of(
                "/reports/..;/admin/report", "/reports/..;x=y/admin/report", "/admin;x=y/report", "/admin/report;x=y",
                "/x/%2e%2e/admin/report", "/x/%2E%2E/admin/report", "/x/.%2e/admin/report", "/x/%252e%252e/admin/report",
                "/admin%2freport", "/admin%2Freport", "/admin%5creport", "/x/..%2fadmin/report", "/x/..%5cadmin/report",
                "//admin/report", "/admin//report", "/./admin/report", "/x/../admin/report", "/admin/./report",
                "/admin./report", "/admin/report.", "/admin/report..", "/admin../report", "/%61dmin/report", "/admin/%72eport",
                "/admin/report/", "/admin/report%20", "/admin%00/report", "/ADMIN/report", "/Admin/Report", "/admin/REPORT");
    }

    /** Spellings of {@code /reports/summary}. */
    public static Stream<String> reportsSummary() {
        return Stream.of(
                "/admin/..;/reports/summary", "/reports;x=y/summary", "/x/%2e%2e/reports/summary", "/x/%252e%252e/reports/summary",
                "/reports%2fsummary", "/reports%5csummary", "//reports/summary", "/reports./summary", "/reports/summary.",
                "/%72eports/summary", "/REPORTS/summary", "/reports//summary");
    }
}
