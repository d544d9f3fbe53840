// An MCP client nobody here wrote: the official TypeScript SDK, starting from nothing but the
// server URL. Prints one JSON line per step for McpTypeScriptClientIT to assert on.
// usage: node client.mjs SERVER_URL CLIENT_ID CLIENT_SECRET EXPECTED_ISSUER [SCOPE]
// (the SDK's ClientCredentialsProvider requests only the scope it is configured with, also when a
// 403 insufficient_scope makes it try upscoping: a client that may have more must be configured so)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";

const [serverUrl, clientId, clientSecret, expectedIssuer, scope] = process.argv.slice(2);
const say = (step, data) => console.log(JSON.stringify({ step, ...data }));

const provider = new ClientCredentialsProvider({ clientId, clientSecret, expectedIssuer, ...(scope ? { scope } : {}) });
const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider });
const client = new Client({ name: "audguard-e2e", version: "1.0.0" });
try {
  await client.connect(transport);
  say("connected", { token: provider.tokens() ? "received" : "none" });
  const tools = await client.listTools();
  say("tools", { names: tools.tools.map((t) => t.name).sort() });
  const data = await client.callTool({ name: "service_c_data", arguments: {} });
  say("service_c_data", { text: data.content.map((c) => c.text).join("") });
  try {
    const refund = await client.callTool({ name: "refund_order", arguments: { order: "o-1" } });
    say("refund_order", { outcome: "allowed", text: refund.content.map((c) => c.text).join("") });
  } catch (e) {
    say("refund_order", { outcome: "refused", message: String(e && e.message ? e.message : e) });
  }
  await client.close();
  say("done", {});
} catch (e) {
  say("failed", { message: String(e && e.stack ? e.stack : e) });
  process.exitCode = 1;
}
