package dev.audguard.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * Answers 200 with what the application sees of the request, one {@code key=value} per line:
 * {@code path}, {@code principal}, {@code principalType}, {@code remoteUser}, {@code authType},
 * {@code subject} (of {@link BearerTokenFilter#verifiedToken}), {@code attribute} (whether the
 * documented attribute holds the same token) and {@code role:NAME} for each {@code role} query
 * parameter. Public with a no-argument constructor so {@code web.xml} can name it.
 */
public class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Principal principal = request.getUserPrincipal();
        out.append("path=").append(path).append('\n');
        out.append("principal=").append(principal == null ? "" : principal.getName()).append('\n');
        out.append("principalType=").append(principal == null ? "" : principal.getClass().getSimpleName()).append('\n');
        out.append("remoteUser=").append(request.getRemoteUser() == null ? "" : request.getRemoteUser()).append('\n');
        out.append("authType=").append(request.getAuthType() == null ? "" : request.getAuthType()).append('\n');
        out.append("subject=").append(BearerTokenFilter.verifiedToken(request).flatMap(t -> t.subject()).orElse("")).append('\n');
        out.append("attribute=").append(BearerTokenFilter.verifiedToken(request)
                .map(t -> t == request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE)).orElse(false)).append('\n');
        String[] roles = request.getParameterValues("role");
        if (roles != null) {
            for (String role : roles) {
                out.append("role:").append(role).append('=').append(request.isUserInRole(role)).append('\n');
            }
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
