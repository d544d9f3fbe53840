package dev.audguard.mcp;

import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.ExchangeRequest;
import dev.audguard.exchange.ExchangedToken;
import dev.audguard.exchange.TokenExchangeClient;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling a tool, and the way to call another service on their behalf: by RFC 8693 token
 * exchange, never by passing on the client's token (the MCP authorization specification: "The MCP
 * server MUST NOT pass through the token it received").
 *
 * <pre>{@code
 * McpCaller caller = McpCaller.of(exchange.transportContext()).orElseThrow();   // inside a tool handler
 * ExchangedToken forC = caller.exchangeFor("service-c");                       // aud service-c, azp this server
 * request.header("Authorization", forC.authorizationHeaderValue());
 * }</pre>
 *
 * <p>The raw client token is deliberately not offered here; {@link #token()} is the verified view
 * of it (subject, scopes, roles, claims). Exchanges go through the {@link TokenExchangeClient} the
 * {@link McpProtection} was given, with its cache and single flight.
 *
 * <p>Immutable and thread-safe.
 */
public final class McpCaller {
    /** The key under which {@link McpProtection#transportContextExtractor()} stores the caller. */
    public static final String CONTEXT_KEY = "dev.audguard.mcp.McpCaller";

    private final VerifiedToken token;
    private final TokenExchangeClient exchangeClient;

    McpCaller(VerifiedToken token, TokenExchangeClient exchangeClient) {
        this.token = Objects.requireNonNull(token, "token");
        this.exchangeClient = exchangeClient;
    }

    /** The caller of the current request, from an MCP transport context filled by {@link McpProtection#transportContextExtractor()}. */
    public static Optional<McpCaller> of(io.modelcontextprotocol.common.McpTransportContext context) {
        return context != null && context.get(CONTEXT_KEY) instanceof McpCaller caller ? Optional.of(caller) : Optional.empty();
    }

    /** The verified token the client sent. */
    public VerifiedToken token() {
        return token;
    }

    /**
     * A token for {@code audience}, exchanged for the caller's (RFC 8693), cached until shortly
     * before it expires.
     *
     * @throws IllegalStateException when the protection was built without a token exchange client
     * @throws dev.audguard.exchange.TokenExchangeException when the issuer refuses or cannot be reached
     */
    public ExchangedToken exchangeFor(String audience) {
        return exchange(ExchangeRequest.forSubject(token).audience(audience).build());
    }

    /**
     * A token exchanged as {@code request} says (audiences, RFC 8707 {@code resource}, scopes), its
     * subject this caller's token.
     *
     * @throws IllegalStateException when the protection was built without a token exchange client
     */
    public ExchangedToken exchange(ExchangeRequest request) {
        if (exchangeClient == null) {
            throw new IllegalStateException("McpProtection was built without exchangeClient(..): downstream calls need one");
        }
        return exchangeClient.exchange(request);
    }

    @Override
    public String toString() {
        return "McpCaller{sub=" + token.subject().orElse("-") + ", azp=" + token.authorizedParty().orElse("-") + '}';
    }
}
