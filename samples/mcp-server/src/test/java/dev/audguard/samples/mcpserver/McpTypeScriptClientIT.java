package dev.audguard.samples.mcpserver;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.samples.servicec.ServiceC;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample MCP server against a client nobody here wrote: the official MCP TypeScript SDK
 * ({@code @modelcontextprotocol/sdk}, pinned in {@code src/test/node/package-lock.json}, installed
 * by this test with {@code npm ci}), starting from nothing but the server URL and client
 * credentials. It must find the issuer through the 401's {@code resource_metadata} and the RFC 9728
 * document, get a token, list and call tools, be refused the extra-scope tool, and service-c must
 * have received an exchanged token (aud service-c, azp mcp-server). Skipped, saying what to install,
 * where {@code npm} is absent.
 */
class McpTypeScriptClientIT {
    private static ReferenceIssuer issuer;
    private static ServiceC serviceC;
    private static McpServerSample mcp;
    private static Path client;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(has("node") && has("npm"),
                "node and npm are not on the PATH: install Node.js 20 and npm (apt-get install nodejs npm) to run the MCP TypeScript client test");
        client = Files.createDirectories(Path.of("target/node-client"));
        for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(Path.of("src/test/node", file), client.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(client.toFile()).redirectErrorStream(true).redirectOutput(client.resolve("npm-ci.log").toFile()).start();
        assertThat(install.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
        assertThat(install.exitValue()).as("npm ci; see " + client.resolve("npm-ci.log")).isZero();

        issuer = ReferenceIssuer.builder().realm(Realm.fromFile(Path.of("realm-mcp.json"))).start();
        String issuerUrl = issuer.realm("mcp").issuerUrl();
        serviceC = ServiceC.start("127.0.0.1", 0, issuerUrl);
        mcp = McpServerSample.start(new McpServerSample.Options("127.0.0.1", 0, issuerUrl, serviceC.baseUri(), null,
                "mcp-server-secret"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (mcp != null) {
            mcp.close();
        }
        if (serviceC != null) {
            serviceC.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static boolean has(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> run(String clientId, String secret, String... scope) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "client.mjs", mcp.endpoint().toString(), clientId, secret,
                issuer.realm("mcp").issuerUrl()));
        command.addAll(List.of(scope));
        Process node = new ProcessBuilder(command)
                .directory(client.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        List<String> lines = new ArrayList<>(output.lines().filter(l -> l.startsWith("{\"step\"")).toList());
        assertThat(node.exitValue()).as(output).isZero();
        return lines;
    }

    @Test
    void theOfficialTypeScriptClientDiscoversTheIssuerCallsToolsAndIsRefusedTheExtraScopeTool() throws Exception {
        issuer.realm("mcp").requests().clear();
        List<String> steps = run("mcp-client", "mcp-client-secret");

        // the SDK found the authorization server through RFC 8414 (it falls back to OIDC discovery otherwise)
        assertThat(issuer.realm("mcp").requests().to("oauth-authorization-server")).as("RFC 8414 metadata requests").isNotEmpty();
        // and asked for a token for this server with RFC 8707 resource (which Keycloak, and so the issuer, ignores by default)
        assertThat(issuer.realm("mcp").requests().tokenRequests("client_credentials"))
                .anySatisfy(r -> assertThat(r.parameter("resource")).contains(mcp.endpoint().toString()));

        assertThat(steps).anySatisfy(s -> assertThat(s).contains("\"step\":\"connected\"").contains("\"token\":\"received\""));
        assertThat(steps).anySatisfy(s -> assertThat(s).contains("\"step\":\"tools\"")
                .contains("\"names\":[\"refund_order\",\"service_c_data\"]"));
        // what service-c saw: a token for itself, asked for by the MCP server, for the same subject
        assertThat(steps).anySatisfy(s -> assertThat(s).contains("\"step\":\"service_c_data\"")
                .contains("\\\"service\\\":\\\"service-c\\\"").contains("\\\"audience\\\":[\\\"service-c\\\"]")
                .contains("\\\"azp\\\":\\\"mcp-server\\\""));
        assertThat(steps).anySatisfy(s -> assertThat(s).contains("\"step\":\"refund_order\"").contains("\"outcome\":\"refused\"")
                .contains("403"));
        assertThat(steps).anySatisfy(s -> assertThat(s).contains("\"step\":\"done\""));
    }

    @Test
    void aClientGrantedTheExtraScopeMayCallTheTool() throws Exception {
        List<String> steps = run("mcp-admin", "mcp-admin-secret", "mcp:tools orders:refund");
        assertThat(steps).anySatisfy(s -> assertThat(s).contains("\"step\":\"refund_order\"").contains("\"outcome\":\"allowed\"")
                .contains("refunded o-1"));
    }
}
