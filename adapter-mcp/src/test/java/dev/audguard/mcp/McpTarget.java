package dev.audguard.mcp;

import dev.audguard.issuer.RealmHandle;

import java.net.URI;

/**
 * A running MCP server behind {@link McpProtection} that {@link McpServerChecks} drives: where to
 * connect, what it states as its resource, the realm that mints its tokens (see
 * {@link McpServerFixture#testRealm()}) and the metrics its protection reports to.
 */
interface McpTarget {
    /** The MCP endpoint on loopback, where the tests connect. */
    URI endpoint();

    /** The configured resource URI: the endpoint itself, or the public URL when behind a proxy. */
    URI resource();

    RealmHandle realm();

    McpMetrics metrics();

    default String token(String client, String secret, String... scopes) {
        return realm().clientCredentials(client, secret, scopes).accessToken();
    }
}
