/**
 * Not API: the precompiled path rules, the request wrapper, init-parameter parsing and the
 * answer writer behind {@link dev.audguard.servlet.BearerTokenFilter}. May change in any release.
 */
package dev.audguard.servlet.internal;
