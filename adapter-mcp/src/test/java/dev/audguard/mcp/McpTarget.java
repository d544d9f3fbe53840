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

    static McpTarget of(URI endpoint, URI resource, RealmHandle realm, McpMetrics metrics) {
        record Target(URI endpoint, URI resource, RealmHandle realm, McpMetrics metrics) implements McpTarget {
        }
        return new Target(endpoint, resource, realm, metrics);
    }

    default String token(String client, String secret, String... scopes) {
        return realm().clientCredentials(client, secret, scopes).accessToken();
    }
}
