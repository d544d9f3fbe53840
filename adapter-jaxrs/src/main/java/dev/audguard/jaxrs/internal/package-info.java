/**
 * Not API: the pieces {@link dev.audguard.jaxrs} is built from (annotation resolution, prepared
 * answers). May change in any release.
 */
package dev.audguard.jaxrs.internal;
