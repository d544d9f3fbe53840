/**
 * Not API: the realm model and parser, the claim and audience engine, the HTTP endpoints. Anything
 * here may change without notice.
 */
package dev.audguard.issuer.internal;
