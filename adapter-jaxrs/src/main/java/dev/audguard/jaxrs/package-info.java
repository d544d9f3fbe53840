/**
 * The Jakarta REST 3.1 adapter. Server side: {@link dev.audguard.jaxrs.BearerTokenFeature}, one
 * {@code Feature} that lets a request reach a resource method only with an access token minted for
 * this service, honours {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll},
 * {@link dev.audguard.jaxrs.RequireAudience} and {@link dev.audguard.jaxrs.RequireScope}, and
 * replaces the {@code SecurityContext} with a {@link dev.audguard.jaxrs.BearerSecurityContext}.
 * Client side: {@link dev.audguard.jaxrs.ExchangingClientFilter}, which calls downstream services
 * with RFC 8693 exchanged tokens.
 *
 * <p>Runs on Jersey 3.1 and RESTEasy 6.2 (Jakarta EE 10); the Jakarta REST and Jakarta Annotations
 * APIs are {@code provided} dependencies.
 */
package dev.audguard.jaxrs;
