/**
 * mcp-server: an MCP server with two tools, protected by audguard's MCP adapter, calling service-c
 * with exchanged tokens.
 */
package dev.audguard.samples.mcpserver;
