package dev.audguard.spring;

import dev.audguard.core.AudienceMatch;
import dev.audguard.core.IntrospectionMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code audguard.*} properties: what Spring's own
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties cannot say. Spring's
 * {@code issuer-uri}, {@code jwk-set-uri}, {@code audiences}, {@code jws-algorithms} and
 * {@code principal-claim-name} are read as well; see the module README for how they combine.
 *
 * <pre>{@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri: https://idp.example.com/realms/demo
 * spring.security.oauth2.resourceserver.jwt.audiences: orders-api
 * audguard.paths[0].pattern: /reports/**
 * audguard.paths[0].audiences: reports-api
 * }</pre>
 *
 * <p>Safe defaults need no property: the audience check is on (start-up fails without an
 * audience unless {@link #setDisableAudienceCheck(boolean) disable-audience-check} is set), 60 s
 * clock skew, keys cached 15 min (bounded to [1 min, 24 h] when the issuer says), refreshed from
 * 80% of their lifetime, kept 24 h while the issuer is unreachable, 10,000 verified tokens
 * remembered.
 *
 * <p>A mutable JavaBean because Spring Boot binds it and generates IDE metadata from its fields;
 * it is read once, at start-up, to build an immutable {@link dev.audguard.core.TokenValidator}.
 * Not thread-safe.
 */
@ConfigurationProperties(prefix = "audguard")
public class AudguardProperties {

    /**
     * The audiences this service answers to (its client id), in addition to or instead of
     * spring.security.oauth2.resourceserver.jwt.audiences; apply to every issuer that does not name
     * its own. Start-up fails without any audience unless disable-audience-check is true.
     */
    private List<String> audiences = new ArrayList<>();

    /** Whether a token must carry any one (the default) or all of the audiences. */
    private AudienceMatch audienceMatch;

    /**
     * Accept tokens whatever their aud: tokens minted for any other service then open this one.
     * Only for services that check the audience some other way.
     */
    private boolean disableAudienceCheck;

    /**
     * Keep a JwtDecoder bean of the application that audguard did not build (such as
     * JwtDecoders.fromIssuerLocation): tokens are then checked by that decoder alone, without
     * audguard's audience, issuer and key rules. Without this, such a bean fails start-up.
     */
    private boolean allowUncheckedJwtDecoder;

    /** Trusted issuers beyond spring.security.oauth2.resourceserver.jwt.issuer-uri, each with its own audiences and keys. */
    private List<Issuer> issuers = new ArrayList<>();

    /**
     * A Keycloak adapter file (keycloak.json): "classpath:..." for a class-path resource, else a
     * file-system path (absolute, or relative to the working directory; "file:" URLs too). Gives
     * issuer, audience (resource), keys, principal-attribute, use-resource-role-mappings and
     * key-cache settings.
     */
    private String keycloakJson;

    /** Tolerance for clocks that disagree when checking exp, nbf and iat (default 60s, at most 5m). */
    private Duration clockSkew;

    /** Require the RFC 9068 header typ at+jwt (by default typ may also be absent or JWT, as Keycloak's are). */
    private boolean requireAccessTokenType;

    /** Tokens longer than this many characters are refused before any parsing (default 16384). */
    private Integer maxTokenSize;

    /** Fetch keys over plain HTTP from any host. Never in production: anyone on the path could swap the keys. */
    private boolean allowInsecureHttp;

    /** Connect timeout for discovery and JWKS requests (default 2s). */
    private Duration connectTimeout;

    /** Deadline for a whole discovery or JWKS request (default 5s). */
    private Duration requestTimeout;

    /** The issuers' key cache. */
    private final KeyCache keyCache = new KeyCache();

    /** The cache of verified tokens. */
    private final VerifiedTokenCache verifiedTokenCache = new VerifiedTokenCache();

    /**
     * Per-path rules (Spring path patterns such as /reports/**); the most specific matching
     * pattern wins, whatever the order, and two equally specific patterns that can match the same
     * path fail start-up: an audience rule replacing the configured one, and scopes required on
     * top. Other paths get the configured policy.
     */
    private List<PathRule> paths = new ArrayList<>();

    /** How token contents become Spring Security authorities. */
    private final Authorities authorities = new Authorities();

    /** The realm attribute of WWW-Authenticate challenges; none by default. */
    private String realm;

    /** Retry-After of 503 answers, given when the issuer's keys cannot be had (default 10s). */
    private Duration retryAfter;

    /** RFC 9728 protected resource metadata. */
    private final ResourceMetadata resourceMetadata = new ResourceMetadata();

    /** The security filter chain audguard provides when the application defines none. */
    private final DefaultChain defaultChain = new DefaultChain();

    /** Calling downstream services with exchanged tokens (RFC 8693). */
    private final Exchange exchange = new Exchange();

    /**
     * Log each refused token's iss, aud, azp, kid, typ and exp (never the token) beside what the
     * policy expected, with hints for the usual slips, at WARN (logger
     * dev.audguard.core.ProtectedResource), at most one line per reason per second. Default false:
     * the same lines at DEBUG.
     */
    private boolean explainRefusals;

    /** RFC 7662 token introspection, for opaque tokens, Keycloak lightweight access tokens or revocation checks. */
    private final Introspection introspection = new Introspection();

    /** DPoP-bound access tokens (RFC 9449), without a SenderConstraints bean. */
    private final Dpop dpop = new Dpop();

    /** Certificate-bound access tokens (RFC 8705), without a SenderConstraints bean. */
    private final Mtls mtls = new Mtls();

    public List<String> getAudiences() {
        return audiences;
    }

    public void setAudiences(List<String> audiences) {
        this.audiences = audiences;
    }

    public AudienceMatch getAudienceMatch() {
        return audienceMatch;
    }

    public void setAudienceMatch(AudienceMatch audienceMatch) {
        this.audienceMatch = audienceMatch;
    }

    public boolean isDisableAudienceCheck() {
        return disableAudienceCheck;
    }

    public void setDisableAudienceCheck(boolean disableAudienceCheck) {
        this.disableAudienceCheck = disableAudienceCheck;
    }

    public boolean isAllowUncheckedJwtDecoder() {
        return allowUncheckedJwtDecoder;
    }

    public void setAllowUncheckedJwtDecoder(boolean allowUncheckedJwtDecoder) {
        this.allowUncheckedJwtDecoder = allowUncheckedJwtDecoder;
    }

    public List<Issuer> getIssuers() {
        return issuers;
    }

    public void setIssuers(List<Issuer> issuers) {
        this.issuers = issuers;
    }

    public String getKeycloakJson() {
        return keycloakJson;
    }

    public void setKeycloakJson(String keycloakJson) {
        this.keycloakJson = keycloakJson;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    public boolean isRequireAccessTokenType() {
        return requireAccessTokenType;
    }

    public void setRequireAccessTokenType(boolean requireAccessTokenType) {
        this.requireAccessTokenType = requireAccessTokenType;
    }

    public Integer getMaxTokenSize() {
        return maxTokenSize;
    }

    public void setMaxTokenSize(Integer maxTokenSize) {
        this.maxTokenSize = maxTokenSize;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public KeyCache getKeyCache() {
        return keyCache;
    }

    public VerifiedTokenCache getVerifiedTokenCache() {
        return verifiedTokenCache;
    }

    public List<PathRule> getPaths() {
        return paths;
    }

    public void setPaths(List<PathRule> paths) {
        this.paths = paths;
    }

    public Authorities getAuthorities() {
        return authorities;
    }

    public String getRealm() {
        return realm;
    }

    public void setRealm(String realm) {
        this.realm = realm;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public ResourceMetadata getResourceMetadata() {
        return resourceMetadata;
    }

    public DefaultChain getDefaultChain() {
        return defaultChain;
    }

    public boolean isExplainRefusals() {
        return explainRefusals;
    }

    public void setExplainRefusals(boolean explainRefusals) {
        this.explainRefusals = explainRefusals;
    }

    public Introspection getIntrospection() {
        return introspection;
    }

    public Exchange getExchange() {
        return exchange;
    }

    public Dpop getDpop() {
        return dpop;
    }

    public Mtls getMtls() {
        return mtls;
    }

    /** DPoP at this resource server ({@code audguard.dpop.*}); setting the policy or the external base URL turns it on. */
    public static class Dpop {
        /** The DPoP policy; values in lower case as written in properties. */
        public enum Policy {
            /** The DPoP scheme is refused; bound tokens are refused too. */
            DISABLED,
            /** Bound tokens need a valid proof; unbound bearer tokens still pass (the default). */
            ALLOWED,
            /** Every bearer token is refused: DPoP only. */
            REQUIRED
        }

        /** disabled, allowed (default: bound tokens need a proof, bearer tokens still pass) or required (bearer tokens refused). */
        private Policy policy;

        /** What clients put in a proof's htu: this service's URL as its clients call it (https://api.example.com, with a proxy's path prefix); never taken from Host or X-Forwarded-*. */
        private URI externalBaseUrl;

        /** Accepted proof algorithms (default ES256; ES256/384/512, RS256/384/512, PS256/384/512). */
        private List<String> algorithms = new ArrayList<>();

        /** How long a proof's iat may lie from now, each way, besides audguard.clock-skew (default 60s). */
        private Duration proofWindow;

        /** Require server nonces (RFC 9449 section 9), rotated this often; none by default. */
        private Duration nonceRotation;

        /** Where used proof jtis are remembered: in memory by default; Redis to share them across instances. */
        private final SharedStore replayStore = new SharedStore();

        public SharedStore getReplayStore() {
            return replayStore;
        }

        /** The secret nonces are derived from, at least 32 bytes (share it across instances so that they accept each other's nonces); default: random per instance. */
        private String nonceSecret;

        public Policy getPolicy() {
            return policy;
        }

        public void setPolicy(Policy policy) {
            this.policy = policy;
        }

        public URI getExternalBaseUrl() {
            return externalBaseUrl;
        }

        public void setExternalBaseUrl(URI externalBaseUrl) {
            this.externalBaseUrl = externalBaseUrl;
        }

        public List<String> getAlgorithms() {
            return algorithms;
        }

        public void setAlgorithms(List<String> algorithms) {
            this.algorithms = algorithms;
        }

        public Duration getProofWindow() {
            return proofWindow;
        }

        public void setProofWindow(Duration proofWindow) {
            this.proofWindow = proofWindow;
        }

        public Duration getNonceRotation() {
            return nonceRotation;
        }

        public void setNonceRotation(Duration nonceRotation) {
            this.nonceRotation = nonceRotation;
        }

        public String getNonceSecret() {
            return nonceSecret;
        }

        public void setNonceSecret(String nonceSecret) {
            this.nonceSecret = nonceSecret;
        }
    }

    /** A store shared by the instances of a service ({@code .redis.*}: needs the replay-store-redis artifact). */
    public static class SharedStore {
        private final Redis redis = new Redis();

        public Redis getRedis() {
            return redis;
        }
    }

    /** A Redis server: uri, timeout, password (never logged), key prefix. */
    public static class Redis {
        /** redis://[user[:password]@]host[:port][/database], or rediss:// for TLS. */
        private URI uri;

        /** Connect and command timeout (10ms to 10s; default 500ms for the replay store, 250ms for the exchange cache). */
        private Duration timeout;

        /** The password, instead of one in the uri. */
        private String password;

        /** The prefix of every key; give each service its own when they share a Redis. */
        private String keyPrefix;

        public URI getUri() {
            return uri;
        }

        public void setUri(URI uri) {
            this.uri = uri;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /** Certificate-bound access tokens ({@code audguard.mtls.*}). */
    public static class Mtls {
        /** How a TLS-terminating proxy passes the client certificate. */
        public enum ProxyFormat {
            /** nginx's $ssl_client_escaped_cert (URL-encoded PEM) in the header named by audguard.mtls.proxy-header-name. */
            NGINX,
            /** Envoy's x-forwarded-client-cert, the Cert= field of its last element. */
            ENVOY
        }

        /** Accept certificate-bound tokens (cnf.x5t#S256) with the client certificate of the TLS connection (server.ssl.client-auth=want or need). */
        private boolean enabled;

        /** The certificate comes from a proxy's header instead, only from audguard.mtls.trusted-proxies: nginx or envoy. */
        private ProxyFormat proxyHeaderFormat;

        /** The header nginx sets (proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;); Envoy's is always x-forwarded-client-cert. */
        private String proxyHeaderName;

        /** The proxies' addresses, IP literals or CIDR ranges (never names); the header from any other peer is ignored and hidden from the application. */
        private List<String> trustedProxies = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public ProxyFormat getProxyHeaderFormat() {
            return proxyHeaderFormat;
        }

        public void setProxyHeaderFormat(ProxyFormat proxyHeaderFormat) {
            this.proxyHeaderFormat = proxyHeaderFormat;
        }

        public String getProxyHeaderName() {
            return proxyHeaderName;
        }

        public void setProxyHeaderName(String proxyHeaderName) {
            this.proxyHeaderName = proxyHeaderName;
        }

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }
    }

    /** One trusted issuer with its own policy. */
    public static class Issuer {
        /** The issuer, compared exactly with the token's iss; keys through its discovery document unless a key source is given. */
        private String uri;

        /** The audiences tokens of this issuer must carry; default: audguard.audiences / Spring's audiences. */
        private List<String> audiences = new ArrayList<>();

        /** Any one (default) or all of this issuer's audiences. */
        private AudienceMatch audienceMatch;

        /** This issuer's JWKS URI, instead of discovery. */
        private URI jwkSetUri;

        /** Fixed keys of this issuer: a JWKS file ("classpath:..." or a file-system path), never refreshed. */
        private String jwksFile;

        /** The JWS algorithms accepted from this issuer (default RS, PS and ES 256/384/512). */
        private List<String> jwsAlgorithms = new ArrayList<>();

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public List<String> getAudiences() {
            return audiences;
        }

        public void setAudiences(List<String> audiences) {
            this.audiences = audiences;
        }

        public AudienceMatch getAudienceMatch() {
            return audienceMatch;
        }

        public void setAudienceMatch(AudienceMatch audienceMatch) {
            this.audienceMatch = audienceMatch;
        }

        public URI getJwkSetUri() {
            return jwkSetUri;
        }

        public void setJwkSetUri(URI jwkSetUri) {
            this.jwkSetUri = jwkSetUri;
        }

        public String getJwksFile() {
            return jwksFile;
        }

        public void setJwksFile(String jwksFile) {
            this.jwksFile = jwksFile;
        }

        public List<String> getJwsAlgorithms() {
            return jwsAlgorithms;
        }

        public void setJwsAlgorithms(List<String> jwsAlgorithms) {
            this.jwsAlgorithms = jwsAlgorithms;
        }
    }

    /** How keys are cached, refreshed and kept through issuer outages. */
    public static class KeyCache {
        /** Key-set lifetime when the issuer sends no Cache-Control max-age (default 15m). */
        private Duration lifetime;

        /** Shortest lifetime honoured from the issuer's max-age (default 1m). */
        private Duration minLifetime;

        /** Longest lifetime honoured from the issuer's max-age (default 24h). */
        private Duration maxLifetime;

        /** Fraction of the lifetime after which keys are refreshed in the background (default 0.8). */
        private Double refreshAhead;

        /** At most one refresh per interval is caused by tokens with unknown kids (default 10s). */
        private Duration unknownKeyRefreshInterval;

        /** Outage tolerance: how long past their lifetime keys keep serving while the issuer is unreachable (default 24h; 0 disables). */
        private Duration staleTolerance;

        public Duration getLifetime() {
            return lifetime;
        }

        public void setLifetime(Duration lifetime) {
            this.lifetime = lifetime;
        }

        public Duration getMinLifetime() {
            return minLifetime;
        }

        public void setMinLifetime(Duration minLifetime) {
            this.minLifetime = minLifetime;
        }

        public Duration getMaxLifetime() {
            return maxLifetime;
        }

        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }

        public Double getRefreshAhead() {
            return refreshAhead;
        }

        public void setRefreshAhead(Double refreshAhead) {
            this.refreshAhead = refreshAhead;
        }

        public Duration getUnknownKeyRefreshInterval() {
            return unknownKeyRefreshInterval;
        }

        public void setUnknownKeyRefreshInterval(Duration unknownKeyRefreshInterval) {
            this.unknownKeyRefreshInterval = unknownKeyRefreshInterval;
        }

        public Duration getStaleTolerance() {
            return staleTolerance;
        }

        public void setStaleTolerance(Duration staleTolerance) {
            this.staleTolerance = staleTolerance;
        }
    }

    /** The cache of tokens already verified, keyed by the exact token. */
    public static class VerifiedTokenCache {
        /** Whether verified tokens are remembered until they expire (default true). */
        private boolean enabled = true;

        /** How many verified tokens to remember (default 10000). */
        private Integer size;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getSize() {
            return size;
        }

        public void setSize(Integer size) {
            this.size = size;
        }
    }

    /** What requests under one path pattern require. */
    public static class PathRule {
        /** A Spring path pattern (/reports/**, /orders/{id}) matched against the path within the application. */
        private String pattern;

        /** Audiences replacing the configured ones on this path; default: the configured ones. */
        private List<String> audiences = new ArrayList<>();

        /** Any one (default) or all of this path's audiences. */
        private AudienceMatch audienceMatch;

        /** Scopes every token must grant on this path, on top of the configured ones (403 insufficient_scope otherwise). */
        private List<String> scopes = new ArrayList<>();

        public String getPattern() {
            return pattern;
        }

        public void setPattern(String pattern) {
            this.pattern = pattern;
        }

        public List<String> getAudiences() {
            return audiences;
        }

        public void setAudiences(List<String> audiences) {
            this.audiences = audiences;
        }

        public AudienceMatch getAudienceMatch() {
            return audienceMatch;
        }

        public void setAudienceMatch(AudienceMatch audienceMatch) {
            this.audienceMatch = audienceMatch;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }
    }

    /** How scopes and Keycloak roles become authorities. */
    public static class Authorities {
        /** Map the token's scopes (scope / scp) to authorities (default true). */
        private boolean scopes = true;

        /** Prefix of scope authorities (default SCOPE_, Spring's convention). */
        private String scopePrefix = "SCOPE_";

        /** Map Keycloak realm roles (realm_access.roles) to authorities (default true; false with keycloak.json's use-resource-role-mappings). */
        private Boolean realmRoles;

        /** Clients whose Keycloak client roles (resource_access.CLIENT.roles) map to authorities; default none (the resource with use-resource-role-mappings). */
        private List<String> clientRoles = new ArrayList<>();

        /** Prefix of role authorities (default ROLE_, so hasRole("viewer") works). */
        private String rolePrefix = "ROLE_";

        public boolean isScopes() {
            return scopes;
        }

        public void setScopes(boolean scopes) {
            this.scopes = scopes;
        }

        public String getScopePrefix() {
            return scopePrefix;
        }

        public void setScopePrefix(String scopePrefix) {
            this.scopePrefix = scopePrefix;
        }

        public Boolean getRealmRoles() {
            return realmRoles;
        }

        public void setRealmRoles(Boolean realmRoles) {
            this.realmRoles = realmRoles;
        }

        public List<String> getClientRoles() {
            return clientRoles;
        }

        public void setClientRoles(List<String> clientRoles) {
            this.clientRoles = clientRoles;
        }

        public String getRolePrefix() {
            return rolePrefix;
        }

        public void setRolePrefix(String rolePrefix) {
            this.rolePrefix = rolePrefix;
        }
    }

    /** RFC 9728 protected resource metadata, served by Spring Security's metadata filter. */
    public static class ResourceMetadata {
        /**
         * The resource identifier (https URL). By default, as Spring Security does, it is derived
         * from each request's URL; set it when the service sits behind a proxy.
         */
        private URI resource;

        /** The resource_name member, for people reading the document. */
        private String resourceName;

        public URI getResource() {
            return resource;
        }

        public void setResource(URI resource) {
            this.resource = resource;
        }

        public String getResourceName() {
            return resourceName;
        }

        public void setResourceName(String resourceName) {
            this.resourceName = resourceName;
        }
    }

    /** The filter chain audguard provides when the application defines no SecurityFilterChain. */
    public static class DefaultChain {
        /** Spring path patterns anyone may call without a token (e.g. /actuator/health). */
        private List<String> permitAll = new ArrayList<>();

        public List<String> getPermitAll() {
            return permitAll;
        }

        public void setPermitAll(List<String> permitAll) {
            this.permitAll = permitAll;
        }
    }

    /** The exchanging client: calls to downstream services carry tokens exchanged for them (RFC 8693). */
    public static class Exchange {
        /** This service's client id at the issuer; turns the exchanging client on. */
        private String clientId;

        /** Exchanged tokens shared by the instances of this service ({@code .redis.*}): a fleet exchanges once per user, not once per instance. */
        private final SharedStore sharedCache = new SharedStore();

        public SharedStore getSharedCache() {
            return sharedCache;
        }

        /** The client secret (client_secret_basic); or private-key-jwk for private_key_jwt. */
        private String clientSecret;

        /** Send the secret in the form (client_secret_post) instead of the Authorization header. */
        private boolean clientSecretPost;

        /** A private JWK (JSON) to authenticate with private_key_jwt instead of a secret. */
        private String privateKeyJwk;

        /**
         * A private EC or RSA JWK (JSON) the exchanging client proves possession of with DPoP (RFC 9449):
         * exchanged tokens are bound to it and downstream calls carry a proof. Never logged or shown.
         */
        private String dpopPrivateKeyJwk;

        /** The issuer whose token endpoint is used (discovery); default: the only trusted issuer. */
        private String issuer;

        /** The token endpoint, instead of discovery. */
        private URI tokenEndpoint;

        /** Fetch from the issuer over plain HTTP from any host. Never in production. */
        private boolean allowInsecureHttp;

        /** The downstream services, by name: requests to URLs under a base URL get a token exchanged for it. */
        private Map<String, Target> targets = new LinkedHashMap<>();

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public boolean isClientSecretPost() {
            return clientSecretPost;
        }

        public void setClientSecretPost(boolean clientSecretPost) {
            this.clientSecretPost = clientSecretPost;
        }

        public String getPrivateKeyJwk() {
            return privateKeyJwk;
        }

        public void setPrivateKeyJwk(String privateKeyJwk) {
            this.privateKeyJwk = privateKeyJwk;
        }

        public String getDpopPrivateKeyJwk() {
            return dpopPrivateKeyJwk;
        }

        public void setDpopPrivateKeyJwk(String dpopPrivateKeyJwk) {
            this.dpopPrivateKeyJwk = dpopPrivateKeyJwk;
        }

        public String getIssuer() {
            return issuer;
        }

        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        public URI getTokenEndpoint() {
            return tokenEndpoint;
        }

        public void setTokenEndpoint(URI tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
        }

        public boolean isAllowInsecureHttp() {
            return allowInsecureHttp;
        }

        public void setAllowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
        }

        public Map<String, Target> getTargets() {
            return targets;
        }

        public void setTargets(Map<String, Target> targets) {
            this.targets = targets;
        }

        @Override
        public String toString() {
            // never the secret or the key
            return "Exchange{clientId=" + clientId + ", targets=" + targets.keySet() + '}';
        }
    }

    /** One downstream service. */
    public static class Target {
        /** Requests to URLs under this base URL (scheme, host, port, whole path segments) get this target's token. */
        private URI baseUrl;

        /** The audiences to exchange for (usually the target's client id). */
        private List<String> audience = new ArrayList<>();

        /** Scopes to request. */
        private List<String> scope = new ArrayList<>();

        /** RFC 8707 resource indicators to request. */
        private List<String> resource = new ArrayList<>();

        public URI getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public List<String> getAudience() {
            return audience;
        }

        public void setAudience(List<String> audience) {
            this.audience = audience;
        }

        public List<String> getScope() {
            return scope;
        }

        public void setScope(List<String> scope) {
            this.scope = scope;
        }

        public List<String> getResource() {
            return resource;
        }

        public void setResource(List<String> resource) {
            this.resource = resource;
        }
    }

    /**
     * {@code audguard.introspection.*}: RFC 7662 introspection of the tokens of one trusted issuer.
     * Turned on by {@code client-id} or {@code endpoint} (or Spring's
     * {@code spring.security.oauth2.resourceserver.opaquetoken.client-id} / {@code .introspection-uri}).
     */
    public static class Introspection {
        /** RFC 9701 signed introspection answers ({@code audguard.introspection.jwt-responses}). */
        public enum JwtResponses {
            /** Plain JSON answers (the default; Keycloak 26 has no other). */
            OFF,
            /** Ask for signed answers and refuse anything else. */
            REQUIRED,
            /** Required when the issuer's discovery lists introspection_signing_alg_values_supported, else plain JSON. */
            WHEN_OFFERED
        }

        /** The issuer's introspection endpoint (Keycloak: ISSUER/protocol/openid-connect/token/introspect); default: introspection_endpoint of the issuer's discovery document. */
        private URI endpoint;

        /** The issuer whose tokens are introspected; default: the only trusted issuer. */
        private String issuer;

        /** This service's client id at the issuer (Keycloak answers only a client in the token's audience). */
        private String clientId;

        /** The client secret (client_secret_basic). */
        private String clientSecret;

        /** Send the secret in the form (client_secret_post) instead of the Authorization header. */
        private boolean clientSecretPost;

        /** private_key_jwt instead of a secret: the client's private key, an unencrypted PKCS#8 PEM or a private JWK (classpath:... or a file path). */
        private String privateKeyLocation;

        /** The kid of the client assertions (a PEM key; a JWK names its own). */
        private String privateKeyId;

        /** The algorithm of the client assertions, RS256/384/512, PS256/384/512 or ES256/384/512 (a PEM key; default RS256, or the EC curve's; a JWK names its own). */
        private String privateKeyAlgorithm;

        /** RFC 9701 signed answers: off (default), required, when-offered (required once the issuer's discovery lists introspection_signing_alg_values_supported). */
        private JwtResponses jwtResponses;

        /** Which tokens are introspected: opaque-tokens (default; JWTs are validated locally), every-token (Keycloak lightweight access tokens), jwt-then-introspect (a valid JWT is also revocation-checked). */
        private IntrospectionMode mode;

        /** The longest an active answer is reused (default 60s): how late a revocation may be seen. */
        private Duration maxCacheLifetime;

        /** How long an inactive or refused answer is reused (default 5s). */
        private Duration inactiveCacheLifetime;

        /** Connect timeout of an introspection call (default 2s). */
        private Duration connectTimeout;

        /** Deadline of an introspection call (default 5s). */
        private Duration requestTimeout;

        /** Introspection calls under way at once at the most (default 32); past it, 503. */
        private Integer maxInFlight;

        /** Introspection calls started per second at the most (default 200); past it, 503. */
        private Integer maxCallsPerSecond;

        /** Answers cached at the most (default 100000). */
        private Long maxCacheSize;

        public URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }

        public String getIssuer() {
            return issuer;
        }

        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public boolean isClientSecretPost() {
            return clientSecretPost;
        }

        public void setClientSecretPost(boolean clientSecretPost) {
            this.clientSecretPost = clientSecretPost;
        }

        public String getPrivateKeyLocation() {
            return privateKeyLocation;
        }

        public void setPrivateKeyLocation(String privateKeyLocation) {
            this.privateKeyLocation = privateKeyLocation;
        }

        public String getPrivateKeyId() {
            return privateKeyId;
        }

        public void setPrivateKeyId(String privateKeyId) {
            this.privateKeyId = privateKeyId;
        }

        public String getPrivateKeyAlgorithm() {
            return privateKeyAlgorithm;
        }

        public void setPrivateKeyAlgorithm(String privateKeyAlgorithm) {
            this.privateKeyAlgorithm = privateKeyAlgorithm;
        }

        public JwtResponses getJwtResponses() {
            return jwtResponses;
        }

        public void setJwtResponses(JwtResponses jwtResponses) {
            this.jwtResponses = jwtResponses;
        }

        public IntrospectionMode getMode() {
            return mode;
        }

        public void setMode(IntrospectionMode mode) {
            this.mode = mode;
        }

        public Duration getMaxCacheLifetime() {
            return maxCacheLifetime;
        }

        public void setMaxCacheLifetime(Duration maxCacheLifetime) {
            this.maxCacheLifetime = maxCacheLifetime;
        }

        public Duration getInactiveCacheLifetime() {
            return inactiveCacheLifetime;
        }

        public void setInactiveCacheLifetime(Duration inactiveCacheLifetime) {
            this.inactiveCacheLifetime = inactiveCacheLifetime;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public Integer getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(Integer maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public Integer getMaxCallsPerSecond() {
            return maxCallsPerSecond;
        }

        public void setMaxCallsPerSecond(Integer maxCallsPerSecond) {
            this.maxCallsPerSecond = maxCallsPerSecond;
        }

        public Long getMaxCacheSize() {
            return maxCacheSize;
        }

        public void setMaxCacheSize(Long maxCacheSize) {
            this.maxCacheSize = maxCacheSize;
        }
    }
}
