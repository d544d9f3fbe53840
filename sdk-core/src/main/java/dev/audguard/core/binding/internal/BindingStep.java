package dev.audguard.core.binding.internal;

import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Refusal;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.BindingReason;
import dev.audguard.core.binding.CertificateBinding;
import dev.audguard.core.binding.ClientCertificateHeader;
import dev.audguard.core.binding.DpopPolicy;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.PresentedToken;
import dev.audguard.core.binding.SenderBindingException;
import dev.audguard.core.internal.pipeline.Credential;
import dev.audguard.core.internal.pipeline.SenderBinding;
import dev.audguard.core.internal.pipeline.UrlPatterns;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DPoP and certificate binding as the front door's sender-binding step. Refusals are prepared once per
 * reason (their challenge included); only {@code use_dpop_nonce} ones, which carry the current nonce,
 * are made per request. Immutable and thread-safe.
 */
public final class BindingStep implements SenderBinding {
    private static final String DPOP_HEADER = "DPoP";

    private final DpopVerifier dpop;
    private final CertificateBinding certificates;
    private final ClientCertificateHeader header;
    private final Map<BindingReason, Refusal> refusals = new EnumMap<>(BindingReason.class);
    private final Set<String> headers;
    private final Set<String> proxyHeader;
    private final Map<String, Object> metadata;
    private final UrlPatterns<Optional<DpopPolicy>> pathPolicies;

    public BindingStep(DpopVerifier dpop, CertificateBinding certificates, ClientCertificateHeader header,
                       UrlPatterns<Optional<DpopPolicy>> pathPolicies) {
        this.dpop = dpop;
        this.pathPolicies = pathPolicies;
        this.certificates = certificates;
        this.header = header;
        for (BindingReason reason : BindingReason.values()) {
            Refusal refusal = Refusal.of(reason.code(), reason.httpStatus(), reason.errorCode(), reason.description());
            if (dpop != null && reason.isProofFault()) {
                // the DPoP challenge names the proof's fault; the Bearer one stays without error (RFC 9449 section 7.1)
                refusal = refusal.withChallenge(dpop.challenge(null, reason));
            }
            refusals.put(reason, refusal);
        }
        Set<String> read = new LinkedHashSet<>();
        if (dpop != null) {
            read.add(DPOP_HEADER);
        }
        if (header != null) {
            read.add(header.headerName());
        }
        this.headers = Set.copyOf(read);
        this.proxyHeader = header == null ? Set.of() : Set.of(header.headerName());
        Map<String, Object> fields = new LinkedHashMap<>();
        if (dpop != null) {
            fields.putAll(dpop.metadataFields());
        }
        if (certificates != null) {
            fields.putAll(certificates.metadataFields());
        }
        this.metadata = Map.copyOf(fields);
    }

    @Override
    public Optional<Refusal> check(ResourceRequest request, Credential credential, VerifiedToken token) {
        try {
            PresentedToken presented = new PresentedToken(credential.isBearer() ? PresentedToken.Scheme.BEARER : PresentedToken.Scheme.DPOP,
                    credential.token());
            if (dpop != null) {
                DpopPolicy pathPolicy = pathPolicies == null ? null : request.path().flatMap(pathPolicies::match).orElse(null);
                dpop.check(presented, token, request.method().orElse(""), request.rawPath().or(request::path).orElse("/"),
                        request.headerValues(DPOP_HEADER), pathPolicy);
            } else if (Confirmation.read(token, "jkt").isPresent() || presented.scheme() == PresentedToken.Scheme.DPOP) {
                // bound to a key whose proofs this resource does not check: never accepted as a bearer token
                throw new SenderBindingException(presented.scheme() == PresentedToken.Scheme.DPOP
                        ? BindingReason.DPOP_NOT_ACCEPTED : BindingReason.DPOP_BOUND_TOKEN_AS_BEARER);
            }
            Optional<String> boundTo = Confirmation.read(token, CertificateBinding.CONFIRMATION_MEMBER);
            if (certificates != null) {
                certificates.check(token, certificate(request));
            } else if (boundTo.isPresent()) {
                // bound to a certificate this resource does not look at: refused rather than used as a bearer token
                throw new SenderBindingException(BindingReason.CERTIFICATE_MISSING);
            }
            return Optional.empty();
        } catch (SenderBindingException e) {
            Refusal refusal = refusals.get(e.reason());
            if (e.nonce().isPresent()) {
                refusal = refusal.withHeader("DPoP-Nonce", e.nonce().get());
            }
            return Optional.of(refusal);
        }
    }

    private Optional<byte[]> certificate(ResourceRequest request) {
        Optional<byte[]> container = request.clientCertificate();
        if (header == null) {
            return container;
        }
        return header.resolve(request.remoteAddress().orElse(null), request.headerValues(header.headerName()), container);
    }

    @Override
    public Set<String> schemes() {
        // accepted even without DPoP configured, so that a DPoP request gets its own refusal, not "no token"
        return Set.of("dpop");
    }

    @Override
    public Set<String> headers() {
        return headers;
    }

    /**
     * The proxy's certificate header when the peer is not a trusted proxy (or the adapter could not
     * tell the peer's address): the step ignored it, and the application must not take it for the
     * proxy's word either. From a trusted proxy it stays: it is then the proxy's statement, the one
     * the binding check used, and applications behind such a proxy read it (a subject DN for a log).
     */
    @Override
    public Set<String> untrustedHeaders(ResourceRequest request) {
        if (header == null || request.headerValues(header.headerName()).isEmpty()
                || header.isTrustedProxy(request.remoteAddress().orElse(null))) {
            return Set.of();
        }
        return proxyHeader;
    }

    @Override
    public Optional<String> challenge() {
        return dpop == null ? Optional.empty() : Optional.of(dpop.challenge(null, null));
    }

    @Override
    public List<HttpAnswer.Header> acceptedHeaders(ResourceRequest request, VerifiedToken token) {
        return dpop == null ? List.of() : dpop.currentNonce().map(n -> List.of(new HttpAnswer.Header("DPoP-Nonce", n))).orElse(List.of());
    }

    @Override
    public Map<String, Object> metadataFields() {
        return metadata;
    }

    /** For tests and logs: what the step checks. */
    @Override
    public String toString() {
        return "BindingStep{dpop=" + (dpop != null) + ", certificates=" + (certificates != null) + ", header=" + header + '}';
    }

}
