/**
 * Not API: init-parameter parsing behind {@link dev.audguard.servlet.BearerTokenFilter}, and the
 * one servlet translation of sdk-core's front door (the request copy and the answer writer) that
 * adapter-spring's servlet handlers and adapter-mcp's servlet filter share with it. Public only so
 * that audguard's own modules can reach it; may change in any release.
 */
package dev.audguard.servlet.internal;
