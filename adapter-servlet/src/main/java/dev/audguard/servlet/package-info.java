/**
 * The Jakarta Servlet adapter: {@link dev.audguard.servlet.BearerTokenFilter}, one filter that lets
 * a request through only with an access token minted for this service, configured in code or by
 * {@code web.xml} / {@code keycloak.json}. An accepted request carries its
 * {@link dev.audguard.core.VerifiedToken} and a {@link dev.audguard.core.BearerPrincipal}.
 *
 * <p>Runs in any Servlet 6.0 container (Tomcat 10.1 and 11, Jetty 12 ee10, ...); the Servlet API
 * is a {@code provided} dependency.
 */
package dev.audguard.servlet;

