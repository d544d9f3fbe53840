package dev.audguard.issuer;

import dev.audguard.issuer.internal.IssuerServer;
import dev.audguard.issuer.internal.RealmModel;
import dev.audguard.issuer.internal.RealmRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A running Keycloak-compatible token issuer for tests: real HTTP on loopback, Keycloak's endpoint
 * paths, {@code aud} computed from the realm model as Keycloak computes it, fresh RSA keys per
 * instance. Not a production identity provider.
 *
 * <pre>{@code
 * try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
 *     RealmHandle demo = issuer.realm("demo");
 *     String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the server and may be called more than once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749">RFC 6749</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 */
public final class ReferenceIssuer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceIssuer.class);

    private final IssuerServer server;
    private final Map<String, RealmHandle> realms;
    private final HttpClient client;
    private final IssuerClock clock;
    private final IssuerTls tls;

    private ReferenceIssuer(IssuerServer server, IssuerClock clock, IssuerTls tls) {
        this.server = server;
        this.clock = clock;
        this.tls = tls;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            http.sslContext(tls.sslContext());
        }
        this.client = http.build();
        Map<String, RealmHandle> handles = new LinkedHashMap<>();
        for (RealmRuntime rt : server.realms().values()) {
            handles.put(rt.model().name(), new RealmHandle(rt, client));
        }
        this.realms = java.util.Collections.unmodifiableMap(handles);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The trust material of an issuer started with {@link Builder#https()} or {@link Builder#mutualTls()}.
     *
     * @throws IllegalStateException when the issuer speaks plain HTTP
     */
    public IssuerTls tls() {
        if (tls == null) {
            throw new IllegalStateException("this issuer speaks plain HTTP; start it with ReferenceIssuer.builder().https()");
        }
        return tls;
    }

    /** The server root, with the context path if any: {@code http://127.0.0.1:PORT[/auth]} ({@code https} with {@link Builder#https()}). */
    public URI baseUri() {
        return server.baseUri();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** {@code {base}/realms/{realm}}, the {@code iss} of the realm's tokens. */
    public String issuerUrl(String realm) {
        return realm(realm).issuerUrl();
    }

    /** @throws IllegalArgumentException when no realm of that name is served */
    public RealmHandle realm(String name) {
        RealmHandle handle = realms.get(name);
        if (handle == null) {
            throw new IllegalArgumentException("no realm '" + name + "' here; served: " + realms.keySet());
        }
        return handle;
    }

    public List<String> realmNames() {
        return List.copyOf(realms.keySet());
    }

    /**
     * The clock every realm of this issuer reads (issuing, expiry, codes, sessions, the minter):
     * {@code issuer.clock().advance(Duration.ofMinutes(5))} instead of sleeping.
     */
    public IssuerClock clock() {
        return clock;
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "ReferenceIssuer[" + baseUri() + ", realms=" + realms.keySet() + "]";
    }

    /**
     * Configures and starts an issuer. Defaults: host 127.0.0.1, port 0 (any free port), no context
     * path, the system UTC clock, the built-in demo realm when no realm is given, Keycloak's error
     * codes for token exchange, JWKS {@code Cache-Control: max-age=300}. Each option can be set once.
     * Not thread-safe; {@link #start()} can run again and starts another issuer.
     */
    public static final class Builder {
        private final List<Realm> realms = new ArrayList<>();
        private String host;
        private Integer port;
        private String contextPath;
        private URI frontendUrl;
        private Clock clock;
        private boolean strictRfc8693;
        private Duration jwksMaxAge;
        private final Map<String, List<com.nimbusds.jose.jwk.JWK>> signingKeys = new LinkedHashMap<>();
        private boolean stableKeyIds;
        private boolean issuerFromRequestHost;
        private ResourceParameter resourceParameter;
        private boolean https;
        private boolean mutualTls;
        private IssuerTls.KeyAlgorithm tlsKeys;

        private Builder() {
        }

        /** A realm to serve; call once per realm. */
        public Builder realm(Realm realm) {
            Objects.requireNonNull(realm, "realm");
            if (realms.stream().anyMatch(r -> r.name().equals(realm.name()))) {
                throw new IllegalArgumentException("realm '" + realm.name() + "' given twice");
            }
            realms.add(realm);
            return this;
        }

        public Builder host(String host) {
            once(this.host, "host");
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            once(this.port, "port");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /** A path prefix such as {@code /auth}, as older Keycloak and many company deployments use. */
        public Builder contextPath(String contextPath) {
            once(this.contextPath, "contextPath");
            String p = Objects.requireNonNull(contextPath, "contextPath").trim();
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!p.isEmpty() && !p.startsWith("/")) {
                p = "/" + p;
            }
            if (p.contains("//") || p.contains("?") || p.contains("#") || p.contains(" ")) {
                throw new IllegalArgumentException("not a usable context path");
            }
            this.contextPath = p;
            return this;
        }

        /**
         * The base URL services reach the issuer at, when it differs from the bound address (a
         * container name, a proxy). Tokens and discovery use it; it must include the context path.
         */
        public Builder frontendUrl(URI frontendUrl) {
            once(this.frontendUrl, "frontendUrl");
            if (!"http".equals(frontendUrl.getScheme()) && !"https".equals(frontendUrl.getScheme())) {
                throw new IllegalArgumentException("frontendUrl must be http or https");
            }
            this.frontendUrl = frontendUrl;
            return this;
        }

        /** What RFC 8707's {@code resource} parameter does; default {@link ResourceParameter#IGNORED}, as Keycloak 26.7.3. */
        public Builder resourceParameter(ResourceParameter mode) {
            once(this.resourceParameter, "resourceParameter");
            this.resourceParameter = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Derives {@code iss} (and every URL discovery names) from each request's {@code Host}
         * header, as Keycloak does when no hostname is configured: a token fetched at
         * {@code http://localhost:PORT} names that issuer and is refused where the service expects
         * {@code http://127.0.0.1:PORT}, the cause of many production "invalid issuer" reports.
         * Tokens minted with {@link RealmHandle#mint()} and {@link ReferenceIssuer#issuerUrl} use the
         * bound address. Cannot be combined with {@link #frontendUrl(URI)}.
         */
        public Builder issuerFromRequestHost() {
            this.issuerFromRequestHost = true;
            return this;
        }

        /**
         * The base of the issuer's {@link ReferenceIssuer#clock()}: the time tokens are stamped with
         * and checked against. Tests usually keep the default and move {@code issuer.clock()}.
         */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Token exchange answers a missing, disabled or unavailable {@code audience} with RFC 8693's
         * {@code invalid_target} instead of Keycloak's {@code invalid_client} / {@code invalid_request}.
         */
        public Builder strictRfc8693() {
            this.strictRfc8693 = true;
            return this;
        }

        /** The {@code Cache-Control: max-age} of the certs endpoint. */
        public Builder jwksMaxAge(Duration maxAge) {
            once(this.jwksMaxAge, "jwksMaxAge");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("jwksMaxAge must not be negative");
            }
            this.jwksMaxAge = maxAge;
            return this;
        }

        /**
         * A fixed signing key for one realm instead of a generated one, so tokens verify against a
         * key the test (or a service's configuration) already has: a private JWK as JSON, or PEM with
         * a PKCS#8 {@code PRIVATE KEY} block (an EC key also needs its {@code PUBLIC KEY} block). It
         * signs for its {@code alg} (without one: RS256 for RSA, ES256/384/512 by curve); its
         * {@code kid} is its own or its RFC 7638 thumbprint, the same on every run. Call once per
         * algorithm.
         *
         * @throws IllegalArgumentException when the text is not a usable private RSA or EC key (the
         *     message never quotes it)
         */
        public Builder signingKey(String realm, String pemOrJwk) {
            Objects.requireNonNull(realm, "realm");
            com.nimbusds.jose.jwk.JWK key = dev.audguard.issuer.internal.SigningKeys.parse(Objects.requireNonNull(pemOrJwk, "pemOrJwk"));
            signingKeys.computeIfAbsent(realm, r -> new ArrayList<>()).add(key);
            return this;
        }

        /**
         * Generated keys get predictable ids, {@code <realm>-<alg>-<n>} (e.g. {@code demo-rs256-1},
         * {@code -2} after a rotation), instead of their thumbprints, so a test's expectations and
         * logs read the same on every run. The keys themselves are still fresh.
         */
        public Builder stableKeyIds() {
            this.stableKeyIds = true;
            return this;
        }

        /**
         * Serves HTTPS instead of HTTP, with a CA and server certificate generated at start (see
         * {@link IssuerTls}; {@link ReferenceIssuer#tls()} hands out the trust store), so clients
         * need no {@code allowInsecureHttp()}.
         */
        public Builder https() {
            this.https = true;
            return this;
        }

        /**
         * HTTPS (as {@link #https()}) that asks every client for a certificate. A client whose
         * attribute {@code tls.client.certificate.bound.access.tokens} is {@code "true"} (Keycloak's
         * "OAuth 2.0 Mutual TLS Certificate Bound Access Tokens Enabled") then gets access and
         * refresh tokens with {@code cnf.x5t#S256} of the certificate it presented (RFC 8705 section
         * 3), and none without one. Any certificate is taken: the issuer binds, it does not
         * authenticate clients by certificate.
         */
        public Builder mutualTls() {
            this.https = true;
            this.mutualTls = true;
            return this;
        }

        /**
         * The algorithm of the generated CA's and server certificate's keys (default
         * {@link IssuerTls.KeyAlgorithm#EC_P256}); needs {@link #https()} or {@link #mutualTls()}.
         */
        public Builder tlsKeys(IssuerTls.KeyAlgorithm algorithm) {
            once(tlsKeys, "tlsKeys");
            this.tlsKeys = java.util.Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        private static void once(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " already set");
            }
        }

        /**
         * Generates the keys and starts listening.
         *
         * @throws java.io.UncheckedIOException when the address cannot be bound
         */
        public ReferenceIssuer start() {
            List<RealmModel> models = new ArrayList<>();
            for (Realm realm : realms.isEmpty() ? List.of(Realm.builtInDemo()) : realms) {
                models.add(realm.model());
                if (!realm.ignoredFeatures().isEmpty()) {
                    LOG.info("realm {}: not modelled, ignored: {}", realm.name(), realm.ignoredFeatures());
                }
                realm.notices().forEach(notice -> LOG.info("realm {}: {}", realm.name(), notice));
            }
            if (issuerFromRequestHost && frontendUrl != null) {
                throw new IllegalStateException("issuerFromRequestHost() and frontendUrl(..) contradict each other: choose one");
            }
            IssuerClock issuerClock = new IssuerClock(clock == null ? Clock.systemUTC() : clock);
            Map<String, dev.audguard.issuer.internal.KeyRing.Options> keyOptions = new LinkedHashMap<>();
            for (RealmModel model : models) {
                keyOptions.put(model.name(), new dev.audguard.issuer.internal.KeyRing.Options(
                        signingKeys.getOrDefault(model.name(), List.of()), stableKeyIds ? model.name() : null));
            }
            for (String realm : signingKeys.keySet()) {
                if (models.stream().noneMatch(m -> m.name().equals(realm))) {
                    throw new IllegalStateException("signingKey given for realm '" + realm + "', which is not served");
                }
            }
            if (tlsKeys != null && !https) {
                throw new IllegalStateException("tlsKeys(" + tlsKeys + ") chooses the keys of the HTTPS certificates: add https() or mutualTls()");
            }
            String boundHost = host == null ? "127.0.0.1" : host;
            dev.audguard.issuer.internal.IssuerTlsServer tlsServer = null;
            if (https) {
                List<String> names = new ArrayList<>(List.of("127.0.0.1", "::1", "localhost"));
                for (String name : new String[] {boundHost, frontendUrl == null ? null : frontendUrl.getHost()}) {
                    String bare = name == null ? null : name.replace("[", "").replace("]", "");
                    if (bare != null && !bare.isEmpty() && !names.contains(bare) && !"0.0.0.0".equals(bare) && !"::".equals(bare)) {
                        names.add(bare);
                    }
                }
                tlsServer = new dev.audguard.issuer.internal.IssuerTlsServer(
                        dev.audguard.issuer.internal.TlsMaterial.generate(names, java.time.Instant.now(),
                                tlsKeys == IssuerTls.KeyAlgorithm.RSA_2048), mutualTls);
            }
            IssuerServer server = new IssuerServer(boundHost, port == null ? 0 : port,
                    contextPath == null ? "" : contextPath, frontendUrl, issuerClock,
                    strictRfc8693, jwksMaxAge == null ? Duration.ofMinutes(5) : jwksMaxAge, models, keyOptions, issuerFromRequestHost,
                    resourceParameter == null ? ResourceParameter.IGNORED : resourceParameter, tlsServer);
            return new ReferenceIssuer(server, issuerClock,
                    tlsServer == null ? null : new IssuerTls(tlsServer.material(), tlsServer.mutualTls()));
        }
    }
}
