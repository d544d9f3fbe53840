package dev.audguard.mcp;

import dev.audguard.mcp.McpProtection;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** The MCP Java SDK's servlet on embedded Tomcat 11 behind audguard's filter: the README's Tomcat section. */
final class McpOnTomcat {
    /** Adds the root context serving {@code transport} (the SDK's servlet) behind {@code mcp}'s filter. */
    static Context serve(Tomcat tomcat, McpProtection mcp, HttpServlet transport) {
        Context context = tomcat.addContext("", null);
        // without a servlet for a path Tomcat answers 404 before any filter runs: the default
        // servlet lets the filter answer the metadata URIs
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
        servlet.setAsyncSupported(true);                    // the SDK answers with SSE streams
        context.addServletMappingDecoded(mcp.endpointPath(), "mcp");

        FilterDef filter = new FilterDef();
        filter.setFilterName("audguard-mcp");
        filter.setFilter(mcp.servletFilter());
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("audguard-mcp");
        mapping.addURLPattern("/*");                        // the endpoint and both metadata URIs
        context.addFilterMap(mapping);
        return context;
    }

    private McpOnTomcat() {
    }
}
