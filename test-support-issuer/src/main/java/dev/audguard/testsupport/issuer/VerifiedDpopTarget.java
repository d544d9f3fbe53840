package dev.audguard.testsupport.issuer;

import dev.audguard.core.binding.BindingReason;
import dev.audguard.core.binding.DpopVerifier;
import dev.audguard.core.binding.SenderBindingException;
import dev.audguard.testsupport.DpopTarget;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link DpopTarget} whose DPoP requests sdk-core's {@link DpopVerifier} checks, as a downstream
 * service of the SDK would: its external base URL is the target's own, and it asks for its nonce
 * (valid five minutes) before it serves, so a client is seen to resend once with the nonce. A refusal
 * carries the verifier's {@code WWW-Authenticate} challenge, and {@code DPoP-Nonce} when the nonce was
 * missing. Thread-safe, as {@link DpopTarget}; not for production.
 */
public final class VerifiedDpopTarget {
    private VerifiedDpopTarget() {
    }

    /** Starts the target on 127.0.0.1, port 0; close it when done. */
    public static DpopTarget start() {
        AtomicReference<DpopVerifier> verifier = new AtomicReference<>();
        DpopTarget target = DpopTarget.start(request -> check(verifier.get(), request));
        verifier.set(DpopVerifier.builder().externalBaseUrl(target.url("")).requireNonces(Duration.ofMinutes(5)).build());
        return target;
    }

    private static DpopTarget.Answer check(DpopVerifier verifier, DpopTarget.Request request) {
        try {
            verifier.verify(request.method(), request.rawPath(), request.proofHeaders(), request.token(), request.jkt());
            return DpopTarget.Answer.served();
        } catch (SenderBindingException e) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (e.reason() == BindingReason.DPOP_NONCE_REQUIRED) {
                headers.put("DPoP-Nonce", e.nonce().orElseThrow());
            }
            headers.put("WWW-Authenticate", verifier.challenge(null, e.reason()));
            return DpopTarget.Answer.refused(headers);
        }
    }
}
