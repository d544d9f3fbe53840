/**
 * service-c: a Jakarta REST resource on Jersey, protected by audguard's {@code BearerTokenFeature},
 * accepting only tokens whose audience includes {@code service-c}.
 */
package dev.audguard.samples.servicec;
