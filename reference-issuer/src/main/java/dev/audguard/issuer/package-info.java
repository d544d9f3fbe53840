/**
 * A Keycloak-compatible token issuer for tests. {@link dev.audguard.issuer.ReferenceIssuer} serves
 * one or more {@link dev.audguard.issuer.Realm}s over real HTTP with Keycloak's endpoint paths and
 * computes {@code aud} from the realm model the way Keycloak does; a
 * {@link dev.audguard.issuer.RealmHandle} gets tokens through the real grants, mints hostile ones
 * with {@link dev.audguard.issuer.TokenMinter}, rotates keys and injects faults.
 *
 * <p>This module never depends on {@code sdk-core}: it is the independent oracle the SDK is tested
 * against. It is for tests only, not a production identity provider.
 */
package dev.audguard.issuer;
