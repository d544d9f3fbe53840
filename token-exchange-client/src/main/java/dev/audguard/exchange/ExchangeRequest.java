package dev.audguard.exchange;

import static dev.audguard.core.internal.Options.requireUnset;

import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.internal.ExchangeParameters;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What to ask the issuer for in one RFC 8693 token exchange: the subject token, and the
 * {@code audience}, {@code resource}, {@code scope}, {@code requested_token_type} and optional
 * {@code actor_token} parameters of section 2.1.
 *
 * <pre>{@code
 * ExchangeRequest request = ExchangeRequest.forSubject(verifiedToken)
 *     .audience("service-c")
 *     .build();
 * ExchangedToken token = exchangeClient.exchange(request);
 * }</pre>
 *
 * <p>Lists are kept sorted and without duplicates: two requests that would send the same
 * parameters are equal, and share a cache entry in {@link TokenExchangeClient}; requests that differ
 * in any parameter never do. {@link #toString()} never shows a token.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.1">RFC 8693 section 2.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8707">RFC 8707 (resource indicators)</a>
 */
public final class ExchangeRequest {
    // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final SubjectToken subject;
    private final ExchangeParameters parameters;

    private ExchangeRequest(SubjectToken subject, ExchangeParameters parameters) {
        this.subject = subject;
        this.parameters = parameters;
    }

    /** A request to exchange a verified token (preferred: its expiry is trusted). */
    public static Builder forSubject(VerifiedToken subject) {
        return new Builder(SubjectToken.of(subject));
    }

    /** A request to exchange {@code subject}. */
    public static Builder forSubject(SubjectToken subject) {
        return new Builder(Objects.requireNonNull(subject, "subject"));
    }

    /**
     * A request to exchange a raw access token; its {@code exp} is read unverified only to bound
     * caching (see {@link SubjectToken#of(String)}).
     */
    public static Builder forSubject(String rawAccessToken) {
        return new Builder(SubjectToken.of(rawAccessToken));
    }

    /** The subject token. */
    public SubjectToken subject() {
        return subject;
    }

    /** The {@code audience} values, sorted. */
    public List<String> audiences() {
        return parameters.audiences();
    }

    /** The {@code resource} values (absolute URIs), sorted. */
    public List<String> resources() {
        return parameters.resources();
    }

    /** The requested scopes, sorted. */
    public List<String> scopes() {
        return parameters.scopes();
    }

    /** {@code requested_token_type}, when one is requested (the issuer's default, an access token, otherwise). */
    public Optional<String> requestedTokenType() {
        return Optional.ofNullable(parameters.requestedTokenType());
    }

    /** {@code actor_token_type}, when the request carries an actor token. */
    public Optional<String> actorTokenType() {
        return Optional.ofNullable(parameters.actorTokenType());
    }

    /** Whether the request carries an actor token (delegation, RFC 8693 section 4.1). */
    public boolean hasActorToken() {
        return parameters.actorToken() != null;
    }

    /** The normalised parameters the exchange sends and caches by. */
    ExchangeParameters parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExchangeRequest other)) {
            return false;
        }
        return parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return parameters.hashCode();
    }

    @Override
    public String toString() {
        return "ExchangeRequest{subject=" + subject.fingerprint() + ", audiences=" + audiences() + ", resources=" + resources()
                + ", scopes=" + scopes() + requestedTokenType().map(t -> ", requestedTokenType=" + t).orElse("")
                + (hasActorToken() ? ", actorTokenType=" + parameters.actorTokenType() : "") + '}';
    }

    /**
     * Builds an {@link ExchangeRequest}. Each option can be set once; values are checked at the
     * call. {@link #build()} can run again. Not thread-safe.
     */
    public static final class Builder {
        private final SubjectToken subject;
        private TreeSet<String> audiences;
        private TreeSet<String> resources;
        private TreeSet<String> scopes;
        private String requestedTokenType;
        private String actorToken;
        private String actorTokenType;

        private Builder(SubjectToken subject) {
            this.subject = subject;
        }

        /** The logical names of the services the token is for ({@code audience}; Keycloak: client ids). */
        public Builder audience(String... audiences) {
            return audience(Arrays.asList(Objects.requireNonNull(audiences, "audiences")));
        }

        /** As {@link #audience(String...)}, from a collection. */
        public Builder audience(Collection<String> audiences) {
            requireUnset(this.audiences, "audience");
            TreeSet<String> values = new TreeSet<>();
            for (String audience : nonEmpty(audiences, "audience")) {
                if (audience == null || audience.isBlank()) {
                    throw new IllegalArgumentException("an audience must not be blank");
                }
                values.add(audience);
            }
            this.audiences = values;
            return this;
        }

        /**
         * The URIs of the resources the token is for ({@code resource}, RFC 8707): absolute, without
         * a fragment.
         *
         * @throws IllegalArgumentException for a value that is not an absolute URI or has a fragment
         */
        public Builder resource(String... resources) {
            Objects.requireNonNull(resources, "resources");
            return resource(Arrays.stream(resources).map(ExchangeRequest::parseResource).toList());
        }

        /** As {@link #resource(String...)}, from URIs. */
        public Builder resource(Collection<URI> resources) {
            requireUnset(this.resources, "resource");
            TreeSet<String> values = new TreeSet<>();
            for (URI resource : nonEmpty(resources, "resource")) {
                values.add(checkResource(resource).toString());
            }
            this.resources = values;
            return this;
        }

        /** The scopes to request; a value may hold several, space-delimited. */
        public Builder scope(String... scopes) {
            return scope(Arrays.asList(Objects.requireNonNull(scopes, "scopes")));
        }

        /** As {@link #scope(String...)}, from a collection. */
        public Builder scope(Collection<String> scopes) {
            requireUnset(this.scopes, "scope");
            TreeSet<String> values = new TreeSet<>();
            for (String scope : nonEmpty(scopes, "scope")) {
                Objects.requireNonNull(scope, "scope");
                for (String token : scope.split(" ")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    if (!SCOPE_TOKEN.matcher(token).matches()) {
                        throw new IllegalArgumentException("a scope may only contain the characters RFC 6749 section 3.3 allows");
                    }
                    values.add(token);
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("scope needs at least one value");
            }
            this.scopes = values;
            return this;
        }

        /** {@code requested_token_type}, a {@link TokenTypes} URI; without it the issuer issues an access token. */
        public Builder requestedTokenType(String tokenType) {
            requireUnset(this.requestedTokenType, "requestedTokenType");
            if (!TokenTypes.isTokenTypeUri(tokenType)) {
                throw new IllegalArgumentException("a requested token type must be a token type URI, such as TokenTypes.ACCESS_TOKEN");
            }
            this.requestedTokenType = tokenType;
            return this;
        }

        /**
         * Delegation (RFC 8693 section 4.1): the token of the party acting for the subject, sent as
         * {@code actor_token} with {@code actor_token_type}. Both are required: RFC 8693 sends them
         * together or not at all.
         */
        public Builder actorToken(String actorToken, String actorTokenType) {
            requireUnset(this.actorToken, "actorToken");
            Objects.requireNonNull(actorToken, "actorToken");
            Objects.requireNonNull(actorTokenType, "actorTokenType");
            if (actorToken.isBlank() || actorToken.length() > SubjectToken.MAX_LENGTH) {
                throw new IllegalArgumentException("an actor token must not be blank nor longer than 64 KiB");
            }
            if (!TokenTypes.isTokenTypeUri(actorTokenType)) {
                throw new IllegalArgumentException("an actor token type must be a token type URI, such as TokenTypes.ACCESS_TOKEN");
            }
            this.actorToken = actorToken;
            this.actorTokenType = actorTokenType;
            return this;
        }

        /** The request. */
        public ExchangeRequest build() {
            return new ExchangeRequest(subject, new ExchangeParameters(subject.rawToken(), subject.digest(), subject.tokenType(),
                    subject.expiresAt().orElse(null), list(audiences), list(resources), list(scopes), requestedTokenType,
                    actorToken, actorTokenType));
        }

        private static List<String> list(TreeSet<String> values) {
            return values == null ? List.of() : List.copyOf(values);
        }

        private static <T> Collection<T> nonEmpty(Collection<T> values, String option) {
            Objects.requireNonNull(values, option);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(option + " needs at least one value");
            }
            return values;
        }
    }

    private static URI parseResource(String resource) {
        Objects.requireNonNull(resource, "resource");
        try {
            return new URI(resource);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a resource must be an absolute URI without a fragment (RFC 8707)");
        }
    }

    static URI checkResource(URI resource) {
        Objects.requireNonNull(resource, "resource");
        if (!resource.isAbsolute() || resource.getRawFragment() != null || resource.isOpaque() && resource.getSchemeSpecificPart().isEmpty()) {
            throw new IllegalArgumentException("a resource must be an absolute URI without a fragment (RFC 8707)");
        }
        return resource;
    }
}
