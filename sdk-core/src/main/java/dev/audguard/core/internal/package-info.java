/**
 * Implementation of sdk-core: key sources, JWKS parsing, HTTP fetching. Not API: anything here may
 * change in any release. audguard's own modules reuse a few pieces (the capped body reader, the
 * loopback rule, the discovery URL) so that such code exists once.
 */
package dev.audguard.core.internal;
