package dev.audguard.core.binding;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.binding.internal.BindingStep;
import dev.audguard.core.internal.pipeline.SenderBinding;
import dev.audguard.core.internal.pipeline.UrlPatterns;

import java.util.Objects;
import java.util.Optional;

/**
 * The sender-binding step of the front door: DPoP proofs and certificate-bound tokens, configured once
 * on {@link ProtectedResource} so that every adapter (servlet, Jakarta REST, Spring) applies them alike.
 *
 * <pre>{@code
 * SenderConstraints constraints = SenderConstraints.builder()
 *     .dpop(DpopVerifier.builder().externalBaseUrl(URI.create("https://api.example.com")).build())
 *     .certificateBound(ClientCertificateHeader.nginx("X-SSL-Client-Cert").trustedProxies("10.0.0.0/8").build())
 *     .build();
 * ProtectedResource resource = ProtectedResource.builder(validator)
 *     .senderBinding(constraints.step())
 *     .build();
 * }</pre>
 *
 * <p>With DPoP, the front door accepts {@code Authorization: DPoP <token>}, reads the {@code DPoP}
 * header, adds {@code DPoP algs="..."} beside the {@code Bearer} challenge of every 401 (with
 * {@code error="invalid_dpop_proof"} or {@code use_dpop_nonce} when the proof is at fault, RFC 9449
 * section 7.1), sends {@code DPoP-Nonce} when nonces are on, and its RFC 9728 metadata advertises
 * {@code dpop_signing_alg_values_supported} and {@code dpop_bound_access_tokens_required}. With
 * certificate binding, the client certificate comes from the TLS connection or, when configured, from a
 * trusted proxy's header, and the metadata advertises {@code tls_client_certificate_bound_access_tokens}.
 *
 * <p>Fail-closed whatever is configured: a token bound to a DPoP key ({@code cnf.jkt}) is refused unless
 * its proof checks out, and a token bound to a certificate ({@code cnf.x5t#S256}) is refused unless the
 * request comes with that certificate, even when the corresponding mechanism is not configured.
 *
 * <p>Immutable and thread-safe.
 */
public final class SenderConstraints {
    private final DpopVerifier dpop;
    private final CertificateBinding certificates;
    private final ClientCertificateHeader header;
    private final BindingStep step;

    private SenderConstraints(Builder builder) {
        this.dpop = builder.dpop;
        this.certificates = builder.certificates;
        this.header = builder.header;
        this.step = new BindingStep(dpop, certificates, header, builder.pathPolicyCount == 0 ? null : builder.pathPolicies.build(Optional.empty()));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The step to give {@link ProtectedResource.Builder#senderBinding}. */
    public SenderBinding step() {
        return step;
    }

    /** The DPoP verifier, when configured. */
    public Optional<DpopVerifier> dpop() {
        return Optional.ofNullable(dpop);
    }

    /** The certificate binding, when configured. */
    public Optional<CertificateBinding> certificateBinding() {
        return Optional.ofNullable(certificates);
    }

    /** The trusted-proxy certificate header, when configured. */
    public Optional<ClientCertificateHeader> clientCertificateHeader() {
        return Optional.ofNullable(header);
    }

    /** Configures {@link SenderConstraints}; each option may be set once. Not thread-safe. */
    public static final class Builder {
        private DpopVerifier dpop;
        private CertificateBinding certificates;
        private ClientCertificateHeader header;
        private boolean certificatesSet;
        private final UrlPatterns.Builder<Optional<DpopPolicy>> pathPolicies = UrlPatterns.builder();
        private int pathPolicyCount;

        private Builder() {
        }

        /**
         * The DPoP policy of the paths {@code urlPattern} matches (servlet semantics, matched against the
         * request's decoded path within the application, as the front door's rules are: exact, then the
         * longest {@code /prefix/*}, then {@code *.ext}), overriding the issuer's and the resource's
         * policy there. E.g. {@code dpopPolicy("/admin/*", DpopPolicy.REQUIRED)}.
         *
         * @throws IllegalArgumentException for a pattern that is not a servlet URL pattern, or one given twice
         */
        public Builder dpopPolicy(String urlPattern, DpopPolicy policy) {
            pathPolicies.add(urlPattern, Optional.of(policy));
            pathPolicyCount++;
            return this;
        }

        /** Accept DPoP-bound tokens with proofs checked by {@code verifier} (its policy decides about bearer tokens). */
        public Builder dpop(DpopVerifier verifier) {
            if (dpop != null) {
                throw new IllegalStateException("dpop is already set");
            }
            this.dpop = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** Accept certificate-bound tokens with the client certificate of the TLS connection. */
        public Builder certificateBound() {
            return certificateBound(CertificateBinding.create(), null);
        }

        /** Accept certificate-bound tokens, the certificate from {@code header} when a trusted proxy sends it. */
        public Builder certificateBound(ClientCertificateHeader header) {
            return certificateBound(CertificateBinding.create(), Objects.requireNonNull(header, "header"));
        }

        /** As {@link #certificateBound(ClientCertificateHeader)} with {@code binding}'s listener; {@code header} may be {@code null}. */
        public Builder certificateBound(CertificateBinding binding, ClientCertificateHeader header) {
            if (certificatesSet) {
                throw new IllegalStateException("certificateBound is already set");
            }
            this.certificates = Objects.requireNonNull(binding, "binding");
            this.header = header;
            this.certificatesSet = true;
            return this;
        }

        /** Builds it; fails when neither DPoP nor certificate binding is configured. */
        public SenderConstraints build() {
            if (dpop == null && pathPolicyCount > 0) {
                throw new IllegalStateException("SenderConstraints dpopPolicy(...) needs dpop(...)");
            }
            if (dpop == null && certificates == null) {
                throw new IllegalStateException("SenderConstraints needs dpop(...) or certificateBound(...)");
            }
            return new SenderConstraints(this);
        }
    }
}
