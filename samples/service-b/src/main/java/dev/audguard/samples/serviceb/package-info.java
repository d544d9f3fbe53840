/**
 * service-b: a Spring Boot service protected by audguard's Spring adapter (audience
 * {@code service-b}) that calls service-c on the caller's behalf with an exchanged token, and, to
 * show why, once with the caller's own token.
 */
package dev.audguard.samples.serviceb;
