/**
 * audguard for Model Context Protocol servers over HTTP: the MCP authorization specification's
 * resource-server duties (audience bound to the server's canonical URI, RFC 9728 metadata,
 * per-operation scopes with step-up challenges, no token passthrough) built on sdk-core's
 * protected-resource pipeline.
 */
package dev.audguard.mcp;
