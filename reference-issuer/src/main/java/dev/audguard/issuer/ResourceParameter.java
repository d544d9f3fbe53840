package dev.audguard.issuer;

/**
 * What the issuer does with RFC 8707's {@code resource} parameter on authorization, token
 * (password, client credentials, authorization code, refresh) and token-exchange requests.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8707">RFC 8707</a>
 */
public enum ResourceParameter {
    /**
     * Keycloak 26.7.3's default: the parameter is accepted and ignored, whatever its value; the
     * token gets its usual {@code aud} (a client-credentials request by service-b with
     * {@code resource=http://127.0.0.1:9999/mcp} gets service-b's usual audience).
     */
    IGNORED,
    /**
     * Keycloak 26's experimental {@code resource-indicators} feature
     * ({@code --features=resource-indicators}): the parameter filters the {@code aud} the realm
     * computes, it never adds one. Each value must be an absolute URI without query or fragment,
     * or {@code urn:client:<clientId>}; it names a client by that URN or by the client attribute
     * {@code resource_url} equal to it. That client must be in the computed audience; the token's
     * {@code aud} keeps only the clients named. Anything else is {@code invalid_target}. The value
     * given at the authorization endpoint is carried with the code; a token request may repeat it
     * or omit it, another value is {@code invalid_target}; a refresh keeps it likewise.
     */
    KEYCLOAK_RESOURCE_INDICATORS,
    /**
     * RFC 8707 read strictly, as MCP clients expect: each value must be an absolute URI without
     * fragment naming a client by its {@code resource_url} attribute, that client must be in the
     * computed audience, and the token's {@code aud} is the resource URIs themselves (not client
     * ids). Otherwise as {@link #KEYCLOAK_RESOURCE_INDICATORS}.
     */
    STRICT_RFC8707
}
