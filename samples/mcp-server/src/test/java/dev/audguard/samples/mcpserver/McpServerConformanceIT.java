package dev.audguard.samples.mcpserver;

import dev.audguard.conformance.McpConformance;
import dev.audguard.conformance.TokenSource;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The conformance kit's MCP cases against the sample as it runs, with its own realm file. */
class McpServerConformanceIT {
    private static ReferenceIssuer issuer;
    private static McpServerSample mcp;

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().realm(Realm.fromFile(Path.of("realm-mcp.json"))).start();
        mcp = McpServerSample.start(new McpServerSample.Options("127.0.0.1", 0, issuer.realm("mcp").issuerUrl(),
                URI.create("http://127.0.0.1:9/"), null, "mcp-server-secret"));
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
        issuer.close();
    }

    @TestFactory
    Stream<DynamicTest> mcpConformance() {
        return McpConformance.builder()
                .realm(issuer.realm("mcp"))
                .endpoint(mcp.endpoint())
                .rightToken(TokenSource.clientCredentials("mcp-client", "mcp-client-secret"))
                // the server's own service-account token is minted for service-c: not for this server
                .otherServiceToken(TokenSource.clientCredentials("mcp-server", "mcp-server-secret"))
                .toolNeedingScope("refund_order", "orders:refund")
                .build()
                .tests();
    }
}
