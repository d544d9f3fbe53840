package dev.audguard.core;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an HTTP adapter needs besides the validator, resolved once: the claim naming the principal,
 * whose roles {@code isUserInRole} answers from, the {@link BearerChallenge} its refusals carry and
 * the RFC 9728 metadata it publishes. The servlet and Jakarta REST adapters' builders take these
 * options and hand them here, so the rules (options set in code win over a {@code keycloak.json},
 * the metadata names the trusted issuers and points every challenge at itself) exist once.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 */
public final class AdapterOptions {
    private final String principalClaim;
    private final String rolesClient;
    private final BearerChallenge challenge;
    private final ProtectedResourceMetadata metadata;
    private final boolean metadataGiven;

    private AdapterOptions(String principalClaim, String rolesClient, BearerChallenge challenge,
                           ProtectedResourceMetadata metadata, boolean metadataGiven) {
        this.principalClaim = principalClaim;
        this.rolesClient = rolesClient;
        this.challenge = challenge;
        this.metadata = metadata;
        this.metadataGiven = metadataGiven;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The claim naming the principal: {@code sub} unless configured. */
    public String principalClaim() {
        return principalClaim;
    }

    /** The client whose roles answer {@code isUserInRole}, or empty for realm roles. */
    public Optional<String> rolesClient() {
        return Optional.ofNullable(rolesClient);
    }

    /** The challenge every refusal carries: realm, {@code resource_metadata}, {@code Retry-After}. */
    public BearerChallenge challenge() {
        return challenge;
    }

    /** The RFC 9728 metadata to publish, when configured. */
    public Optional<ProtectedResourceMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /** Whether the metadata was given whole ({@code resourceMetadata(ProtectedResourceMetadata)}) rather than derived. */
    public boolean metadataGiven() {
        return metadataGiven;
    }

    /**
     * Collects an adapter's options. Each can be set once; a second call fails with
     * {@code "<option> is already set"}. Defaults: principal named by {@code sub}, realm roles, no
     * challenge {@code realm}, no metadata, {@code Retry-After: 10} on 503.
     *
     * <p>Not thread-safe. {@link #build} can run again.
     */
    public static final class Builder {
        private String principalClaim;
        private String rolesClient;
        private String realm;
        private KeycloakAdapterConfig keycloak;
        private URI resource;
        private ProtectedResourceMetadata metadata;
        private Duration retryAfter;

        private Builder() {
        }

        /** The claim naming the principal (default {@code sub}); {@code sub} when a token lacks it. */
        public Builder principalClaim(String claim) {
            requireUnset(principalClaim, "principalClaim");
            this.principalClaim = nonBlank(claim, "claim");
            return this;
        }

        /** {@code isUserInRole} answers from {@code clientId}'s roles ({@code resource_access}) instead of realm roles. */
        public Builder rolesFromClient(String clientId) {
            requireUnset(rolesClient, "rolesFromClient");
            this.rolesClient = nonBlank(clientId, "clientId");
            return this;
        }

        /** The {@code realm} attribute of challenges (printable ASCII). */
        public Builder realm(String realm) {
            requireUnset(this.realm, "realm");
            this.realm = BearerChallenge.requirePrintable(realm, "realm");
            return this;
        }

        /**
         * Takes from a Keycloak adapter file what the validator does not: {@code principal-attribute},
         * {@code use-resource-role-mappings} with {@code resource}, and {@code realm}. Options set
         * on this builder win over the file.
         *
         * @throws IllegalArgumentException when the file maps roles from the resource but names none
         */
        public Builder keycloak(KeycloakAdapterConfig config) {
            requireUnset(keycloak, "keycloak");
            Objects.requireNonNull(config, "config");
            if (config.useResourceRoleMappings() && config.resource().isEmpty()) {
                throw new IllegalArgumentException("use-resource-role-mappings needs a resource in the Keycloak adapter file");
            }
            this.keycloak = config;
            return this;
        }

        /**
         * Publishes RFC 9728 metadata for {@code resource} (absolute, no fragment): the trusted
         * issuers as {@code authorization_servers}, the scopes the adapter requires as
         * {@code scopes_supported}, tokens in the header only; and points challenges at it.
         */
        public Builder resourceMetadata(URI resource) {
            requireUnset(this.resource == null ? metadata : this.resource, "resourceMetadata");
            ProtectedResourceMetadata.of(resource, List.of(), List.of());
            this.resource = resource;
            return this;
        }

        /** Publishes the given RFC 9728 metadata and points challenges at it. */
        public Builder resourceMetadata(ProtectedResourceMetadata metadata) {
            requireUnset(this.resource == null ? this.metadata : this.resource, "resourceMetadata");
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** {@code Retry-After} of 503 answers (default 10 s). */
        public Builder retryAfter(Duration retryAfter) {
            requireUnset(this.retryAfter, "retryAfter");
            this.retryAfter = BearerChallenge.requireRetryAfter(retryAfter);
            return this;
        }

        /**
         * Resolves the options.
         *
         * @param issuers the validator's trusted issuers, for derived metadata's {@code authorization_servers}
         * @param scopesSupported the scopes the adapter's rules require, for derived metadata's {@code scopes_supported}
         */
        public AdapterOptions build(Collection<String> issuers, Collection<String> scopesSupported) {
            String claim = principalClaim;
            String client = rolesClient;
            String challengeRealm = realm;
            if (keycloak != null) {
                if (claim == null) {
                    claim = keycloak.principalAttribute();
                }
                if (client == null && keycloak.useResourceRoleMappings()) {
                    client = keycloak.resource().orElseThrow();
                }
                if (challengeRealm == null) {
                    challengeRealm = keycloak.realm();
                }
            }
            ProtectedResourceMetadata published = metadata != null ? metadata : resource == null ? null
                    : ProtectedResourceMetadata.of(resource, List.copyOf(issuers), List.copyOf(scopesSupported));
            BearerChallenge.Builder challenge = BearerChallenge.builder();
            if (challengeRealm != null) {
                challenge.realm(challengeRealm);
            }
            if (published != null) {
                challenge.resourceMetadata(published.metadataUrl());
            }
            if (retryAfter != null) {
                challenge.retryAfter(retryAfter);
            }
            return new AdapterOptions(claim == null ? "sub" : claim, client, challenge.build(), published, metadata != null);
        }

        private static void requireUnset(Object current, String option) {
            if (current != null) {
                throw new IllegalStateException(option + " is already set");
            }
        }

        private static String nonBlank(String value, String name) {
            if (Objects.requireNonNull(value, name).isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
