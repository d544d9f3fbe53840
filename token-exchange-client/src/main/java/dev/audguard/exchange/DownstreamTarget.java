package dev.audguard.exchange;

import dev.audguard.core.internal.Options;
import dev.audguard.core.internal.Urls;
import dev.audguard.exchange.internal.BaseUrl;
import dev.audguard.exchange.internal.TargetPath;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A downstream service this service calls with exchanged tokens: a name, a base URL, and what to
 * ask the issuer for when calling it (audiences, resources, scopes, requested token type).
 * Configured through {@link DownstreamAuthorizer.Builder#target}.
 *
 * <p>A URL belongs to the target when it has the same scheme, host and port and its path lies at
 * or below the base path, segment by segment: {@code https://orders.internal/api} covers
 * {@code https://orders.internal/api/orders/7} but not {@code https://orders.internal/apix} nor
 * {@code https://orders.internal.evil.example/api}. Plain HTTP is allowed only to loopback hosts
 * unless {@link Builder#allowInsecureHttp()}: an exchanged token is still a bearer token.
 *
 * <p>Immutable and thread-safe.
 */
public final class DownstreamTarget {
    private final String name;
    private final URI baseUrl;
    private final BaseUrl matcher;
    private final List<String> audiences;
    private final List<String> resources;
    private final List<String> scopes;
    private final String requestedTokenType;

    private DownstreamTarget(String name, URI baseUrl, BaseUrl matcher, ExchangeRequest template) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.matcher = matcher;
        this.audiences = template.audiences();
        this.resources = template.resources();
        this.scopes = template.scopes();
        this.requestedTokenType = template.requestedTokenType().orElse(null);
    }

    /** The target's name, for logs and configuration. */
    public String name() {
        return name;
    }

    /** The base URL as configured. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The audiences exchanged tokens are requested for, sorted. */
    public List<String> audiences() {
        return audiences;
    }

    /** The resources exchanged tokens are requested for, sorted. */
    public List<String> resources() {
        return resources;
    }

    /** The scopes requested, sorted. */
    public List<String> scopes() {
        return scopes;
    }

    /** The requested token type, when one is named. */
    public Optional<String> requestedTokenType() {
        return Optional.ofNullable(requestedTokenType);
    }

    /** Whether {@code url} belongs to this target. */
    public boolean covers(URI url) {
        return matcher.match(url) >= 0;
    }

    /** How specific a match {@code url} is (path segments covered), -1 for none: the most specific target wins. */
    int matchLength(URI url) {
        return matcher.match(url);
    }

    /** As {@link #matchLength(URI)}, with the path of {@code url} already read. */
    int matchLength(URI url, TargetPath.Result path) {
        return matcher.sameOrigin(url) ? matcher.match(path) : -1;
    }

    /** The exchange request for calling this target on behalf of {@code subject}. */
    public ExchangeRequest requestFor(SubjectToken subject) {
        return template(ExchangeRequest.forSubject(subject), audiences, resources, scopes, requestedTokenType);
    }

    private static ExchangeRequest template(ExchangeRequest.Builder builder, List<String> audiences, List<String> resources,
                                            List<String> scopes, String requestedTokenType) {
        if (!audiences.isEmpty()) {
            builder.audience(audiences);
        }
        if (!resources.isEmpty()) {
            builder.resource(resources.stream().map(URI::create).toList());
        }
        if (!scopes.isEmpty()) {
            builder.scope(scopes);
        }
        if (requestedTokenType != null) {
            builder.requestedTokenType(requestedTokenType);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "DownstreamTarget{" + name + ", " + Urls.withoutQuery(baseUrl) + ", audiences=" + audiences
                + (resources.isEmpty() ? "" : ", resources=" + resources) + (scopes.isEmpty() ? "" : ", scopes=" + scopes) + '}';
    }

    /**
     * Configures one target: at least one audience or resource is required, so that no call goes
     * out with a token whose audience the issuer chose. Each option can be set once. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final URI baseUrl;
        private final ExchangeRequest.Builder template;
        private boolean audienceOrResource;
        private boolean allowInsecureHttp;

        Builder(String name, URI baseUrl) {
            this.name = name;
            this.baseUrl = baseUrl;
            // the same checks as a real request, on a placeholder subject that is never sent
            this.template = ExchangeRequest.forSubject(SubjectToken.of("placeholder"));
        }

        /** The audiences to request (Keycloak: the target's client id). */
        public Builder audience(String... audiences) {
            template.audience(audiences);
            audienceOrResource = true;
            return this;
        }

        /** The resources to request (RFC 8707): absolute URIs without fragment. */
        public Builder resource(String... resources) {
            template.resource(resources);
            audienceOrResource = true;
            return this;
        }

        /** The scopes to request. */
        public Builder scope(String... scopes) {
            template.scope(scopes);
            return this;
        }

        /** The token type to request; the issued token must still be a bearer token. */
        public Builder requestedTokenType(String tokenType) {
            template.requestedTokenType(tokenType);
            return this;
        }

        /** Allows a plain-HTTP base URL on a non-loopback host: exchanged tokens then cross the network readable. */
        public Builder allowInsecureHttp() {
            Options.requireUnset(allowInsecureHttp ? Boolean.TRUE : null, "allowInsecureHttp");
            allowInsecureHttp = true;
            return this;
        }

        DownstreamTarget build() {
            BaseUrl matcher = BaseUrl.of(baseUrl);
            if (!Urls.isSecureEnough(baseUrl, allowInsecureHttp)) {
                throw new IllegalArgumentException("target " + name + ": the base URL must use https (plain http is allowed "
                        + "only on loopback, or after allowInsecureHttp())");
            }
            if (!audienceOrResource) {
                throw new IllegalStateException("target " + name + " needs an audience(..) or resource(..): without one the "
                        + "issuer decides whom the token is for");
            }
            return new DownstreamTarget(name, baseUrl, matcher, template.build());
        }
    }

    static Builder builder(String name, URI baseUrl) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a target name must not be blank");
        }
        return new Builder(name, baseUrl);
    }
}
