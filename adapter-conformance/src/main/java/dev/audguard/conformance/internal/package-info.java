/**
 * Not API: how the conformance kit sends requests, reads answers and bends tokens. May change in
 * any release; use {@link dev.audguard.conformance.AdapterConformance}.
 */
package dev.audguard.conformance.internal;
