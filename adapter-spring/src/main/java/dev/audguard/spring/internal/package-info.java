/**
 * Implementation details of the Spring adapter: property mapping, start-up failure reports,
 * answer writing. Not API: may change in any release.
 */
package dev.audguard.spring.internal;
