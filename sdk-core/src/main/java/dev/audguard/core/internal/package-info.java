/**
 * Implementation of sdk-core: key sources, JWKS parsing, HTTP fetching. Not API: anything here may
 * change in any release.
 */
package dev.audguard.core.internal;
