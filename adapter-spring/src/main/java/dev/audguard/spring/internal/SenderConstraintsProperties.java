package dev.audguard.spring.internal;

import dev.audguard.core.binding.BindingListener;
import dev.audguard.core.binding.CertificateBinding;
import dev.audguard.core.binding.ClientCertificateHeader;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.ReplayStore;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.spring.AudguardProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@link SenderConstraints} of the {@code audguard.dpop.*} and {@code audguard.mtls.*}
 * properties, so that the common case needs no bean: DPoP once {@code audguard.dpop.policy} or
 * {@code .external-base-url} is set (the URL is then required), certificate binding with
 * {@code audguard.mtls.enabled=true}. Every mistake fails start-up naming the property. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class SenderConstraintsProperties {
    static final String DPOP = "audguard.dpop";
    static final String MTLS = "audguard.mtls";
    /** The Redis replay store's properties (replay-store-redis; see {@link RedisStores}). */
    public static final String REPLAY_STORE = "audguard.dpop.replay-store.redis";
    /** At least this many bytes of nonce secret: an HMAC key shorter than its hash is weak. */
    static final int MIN_SECRET_BYTES = 32;

    private SenderConstraintsProperties() {
    }

    /**
     * Whether the properties ask for sender constraints (or hold proxy settings without
     * {@code audguard.mtls.enabled}, which {@link #build} refuses). {@code audguard.dpop.policy:
     * disabled} alone asks for none: bound tokens are refused, as without sender constraints.
     */
    public static boolean configured(Environment environment) {
        Binder binder = Binder.get(environment);
        return !binder.bind(DPOP + ".policy", String.class).map(p -> p.equalsIgnoreCase("disabled")).orElse(true)
                || binder.bind(DPOP + ".external-base-url", String.class).isBound()
                || binder.bind(MTLS + ".enabled", Boolean.class).orElse(false)
                || binder.bind(MTLS + ".proxy-header-format", String.class).isBound()
                || binder.bind(MTLS + ".proxy-header-name", String.class).isBound()
                || binder.bind(MTLS + ".trusted-proxies", String[].class).isBound();
    }

    /**
     * The constraints the properties describe, when {@link #configured} says they describe some.
     *
     * @throws AudguardConfigurationException naming the property at fault
     */
    public static SenderConstraints build(AudguardProperties properties) {
        return build(properties, null, null);
    }

    /**
     * As {@link #build(AudguardProperties)}, remembering proofs in {@code replayStore} (in memory when
     * {@code null}) and telling {@code listener} (when not {@code null}) about each binding outcome.
     */
    public static SenderConstraints build(AudguardProperties properties, ReplayStore replayStore, BindingListener listener) {
        AudguardProperties.Dpop dpop = properties.getDpop();
        AudguardProperties.Mtls mtls = properties.getMtls();
        boolean dpopOn = dpop.getExternalBaseUrl() != null
                || dpop.getPolicy() != null && dpop.getPolicy() != AudguardProperties.Dpop.Policy.DISABLED;
        refuseStrayMtls(mtls);
        SenderConstraints.Builder constraints = SenderConstraints.builder();
        if (replayStore != null && !dpopOn) {
            throw new AudguardConfigurationException("audguard: " + REPLAY_STORE + ".uri is set, but DPoP is not "
                    + "configured (" + DPOP + ".external-base-url), so no proof would use the replay store.",
                    "Set " + DPOP + ".external-base-url, or remove " + REPLAY_STORE + ".*.");
        }
        if (dpopOn) {
            DpopVerifier.Builder verifier = verifier(dpop, properties.getClockSkew());
            if (replayStore != null) {
                verifier.replayStore(replayStore);
            }
            if (listener != null) {
                verifier.listener(listener);
            }
            constraints.dpop(verifier.build());
        }
        if (mtls.isEnabled()) {
            CertificateBinding binding = listener == null ? CertificateBinding.create() : CertificateBinding.create(listener);
            constraints.certificateBound(binding, mtls.getProxyHeaderFormat() == null ? null : header(mtls));
        }
        return constraints.build();
    }

    private static DpopVerifier.Builder verifier(AudguardProperties.Dpop dpop, Duration clockSkew) {
        if (dpop.getExternalBaseUrl() == null) {
            throw new AudguardConfigurationException("audguard: " + DPOP + ".policy is " + name(dpop.getPolicy())
                    + ", but " + DPOP + ".external-base-url is not set: a DPoP proof's htu is checked against this "
                    + "service's URL as its clients call it, which is never taken from the Host or X-Forwarded-* headers.",
                    "Set " + DPOP + ".external-base-url to the URL clients call this service at (e.g. https://api.example.com, "
                            + "with the path prefix a proxy strips), or remove " + DPOP + ".policy.");
        }
        DpopVerifier.Builder builder = DpopVerifier.builder();
        property(DPOP + ".external-base-url", () -> builder.externalBaseUrl(dpop.getExternalBaseUrl()));
        if (dpop.getPolicy() != null) {
            builder.policy(DpopPolicy.valueOf(dpop.getPolicy().name()));
        }
        if (!dpop.getAlgorithms().isEmpty()) {
            property(DPOP + ".algorithms", () -> builder.algorithms(dpop.getAlgorithms().toArray(String[]::new)));
        }
        if (dpop.getProofWindow() != null) {
            property(DPOP + ".proof-window", () -> builder.proofWindow(dpop.getProofWindow()));
        }
        if (clockSkew != null) {
            property("audguard.clock-skew", () -> builder.clockSkew(clockSkew));
        }
        if (dpop.getNonceRotation() != null) {
            property(DPOP + ".nonce-rotation", () -> builder.requireNonces(dpop.getNonceRotation()));
        }
        if (dpop.getNonceSecret() != null) {
            if (dpop.getNonceRotation() == null) {
                throw new AudguardConfigurationException("audguard: " + DPOP + ".nonce-secret is set, but "
                        + DPOP + ".nonce-rotation is not, so no nonces are required and the secret is unused.",
                        "Set " + DPOP + ".nonce-rotation (e.g. 5m) to require server nonces, or remove " + DPOP + ".nonce-secret.");
            }
            byte[] secret = dpop.getNonceSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                // the secret's value is never shown
                throw new AudguardConfigurationException("audguard: " + DPOP + ".nonce-secret is shorter than "
                        + MIN_SECRET_BYTES + " bytes, too short for the HMAC its nonces are made with.",
                        "Give " + DPOP + ".nonce-secret at least " + MIN_SECRET_BYTES + " random characters, the same on every "
                                + "instance (e.g. from a secret store: ${DPOP_NONCE_SECRET}).");
            }
            builder.nonceSecret(secret);
        }
        return builder;
    }

    private static void refuseStrayMtls(AudguardProperties.Mtls mtls) {
        boolean proxy = mtls.getProxyHeaderFormat() != null || mtls.getProxyHeaderName() != null || !mtls.getTrustedProxies().isEmpty();
        if (proxy && !mtls.isEnabled()) {
            throw new AudguardConfigurationException("audguard: " + MTLS + ".proxy-header-format, .proxy-header-name or "
                    + ".trusted-proxies is set, but " + MTLS + ".enabled is not true, so certificate-bound tokens are not "
                    + "accepted and the proxy settings are unused.",
                    "Set " + MTLS + ".enabled=true, or remove the " + MTLS + ".* proxy settings.");
        }
    }

    private static ClientCertificateHeader header(AudguardProperties.Mtls mtls) {
        if (mtls.getTrustedProxies().isEmpty()) {
            throw new AudguardConfigurationException("audguard: " + MTLS + ".proxy-header-format is set, but "
                    + MTLS + ".trusted-proxies is empty: the certificate header would be believed from no one.",
                    "List the proxies' addresses in " + MTLS + ".trusted-proxies (IP literals or CIDR ranges, e.g. 10.0.0.0/8).");
        }
        ClientCertificateHeader.Builder builder;
        if (mtls.getProxyHeaderFormat() == AudguardProperties.Mtls.ProxyFormat.NGINX) {
            if (mtls.getProxyHeaderName() == null || mtls.getProxyHeaderName().isBlank()) {
                throw new AudguardConfigurationException("audguard: " + MTLS + ".proxy-header-format is nginx, but "
                        + MTLS + ".proxy-header-name is not set.",
                        "Set " + MTLS + ".proxy-header-name to the header nginx sets "
                                + "(proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert; gives X-SSL-Client-Cert).");
            }
            builder = property(MTLS + ".proxy-header-name", () -> ClientCertificateHeader.nginx(mtls.getProxyHeaderName()));
        } else {
            if (mtls.getProxyHeaderName() != null) {
                throw new AudguardConfigurationException("audguard: " + MTLS + ".proxy-header-name is set, but Envoy's header "
                        + "is always x-forwarded-client-cert.", "Remove " + MTLS + ".proxy-header-name.");
            }
            builder = ClientCertificateHeader.envoy();
        }
        ClientCertificateHeader.Builder chosen = builder;
        property(MTLS + ".trusted-proxies", () -> chosen.trustedProxies(mtls.getTrustedProxies().toArray(String[]::new)));
        return property(MTLS + ".trusted-proxies", chosen::build);
    }

    private static String name(AudguardProperties.Dpop.Policy policy) {
        return policy == null ? "set" : policy.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs {@code step}; sdk-core's refusal of the value becomes a start-up failure naming {@code property}. */
    private static <T> T property(String property, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | IllegalStateException invalid) {
            String message = String.valueOf(invalid.getMessage());
            message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            throw new AudguardConfigurationException("audguard: " + property + " is not usable: " + message + ".",
                    "Fix " + property + " as the message says (see adapter-spring's README, Sender-constrained tokens).", invalid);
        }
    }
}
