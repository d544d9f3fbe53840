/** Not API: the JSON-RPC body reader and session bookkeeping of the MCP adapter. */
package dev.audguard.mcp.internal;
