/**
 * good-service: a plain servlet on embedded Jetty, protected by audguard's {@code BearerTokenFilter},
 * accepting only tokens whose audience includes {@code good-service}.
 */
package dev.audguard.samples.goodservice;
