package dev.audguard.core.binding;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.TestKeys;
import dev.audguard.core.TestTokens;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.testsupport.MutableClock;
import dev.audguard.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/sender-constraints.md and of this package's Javadoc, compiled and run. Keep
 * each identical to its copy in the docs.
 */
class BindingSnippetsTest {
    final MutableClock clock = MutableClock.atDefaultStart();
    final TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).jwks(TestKeys.jwks(TestKeys.RSA))
            .audience(TestTokens.AUDIENCE).clock(clock).build();

    @Test
    void docsFrontDoor() {
        // docs/sender-constraints.md, first block
        DpopVerifier dpop = DpopVerifier.builder()
            .externalBaseUrl(URI.create("https://api.example.com"))   // required: what clients put in htu
            .policy(DpopPolicy.ALLOWED)                                // the default
            .build();
        SenderConstraints constraints = SenderConstraints.builder()
            .dpop(dpop)
            .certificateBound()                                        // certificate from the TLS connection
            .build();
        ProtectedResource resource = ProtectedResource.builder(validator)
            .senderBinding(constraints.step())
            .build();

        assertThat(resource.requestHeaders()).contains("DPoP");
    }

    @Test
    void docsNginx() {
        // docs/sender-constraints.md and ClientCertificateHeader's Javadoc (the latter adds 127.0.0.1)
        ClientCertificateHeader nginx = ClientCertificateHeader.nginx("X-SSL-Client-Cert")
            .trustedProxies("10.0.0.0/8")
            .build();
        SenderConstraints constraints = SenderConstraints.builder().certificateBound(nginx).build();

        assertThat(constraints.clientCertificateHeader()).contains(nginx);
        Optional<byte[]> der = nginx.resolve("192.0.2.1", List.of("ignored"), Optional.empty());
        assertThat(der).isEmpty();
    }

    @Test
    void dpopProofSignerJavadoc() {
        String accessToken = TestTokens.valid(clock).sign();
        // DpopProofSigner's Javadoc
        DpopProofSigner signer = DpopProofSigner.generate();          // a fresh EC P-256 key, ES256
        String proof = signer.proof("GET", URI.create("https://api.example.com/orders/42"), accessToken, null);
        // send "Authorization: DPoP <accessToken>" and "DPoP: <proof>"

        DpopVerifier verifier = DpopVerifier.builder().externalBaseUrl(URI.create("https://api.example.com")).build();
        assertThat(verifier.verify("GET", "/orders/42", List.of(proof), accessToken, signer.thumbprint())).isNotNull();
    }

    @Test
    void dpopVerifierJavadoc() {
        String token = TestTokens.valid(clock).claim("cnf", Map.of("jkt", DpopVerifierTest.JKT)).sign();
        VerifiedToken verifiedToken = validator.validate(token);
        PresentedToken presented = PresentedToken.fromHeader("DPoP " + token).orElseThrow();
        List<String> dpopHeaderValues = List.of(Proofs.of(DpopVerifierTest.CLIENT, clock, "GET",
                "https://api.example.com/orders/42", token).sign());

        DpopVerifier dpop = DpopVerifier.builder()
            .externalBaseUrl(URI.create("https://api.example.com"))  // required: what clients put in htu
            .clock(clock)
            .build();                                                // ES256, policy ALLOWED, in-memory replay store
        Optional<DpopProof> proof = dpop.check(presented, verifiedToken, "GET", "/orders/42", dpopHeaderValues);

        assertThat(proof).isPresent();
    }

    @Test
    void senderConstraintsJavadoc() {
        SenderConstraints constraints = SenderConstraints.builder()
            .dpop(DpopVerifier.builder().externalBaseUrl(URI.create("https://api.example.com")).build())
            .certificateBound(ClientCertificateHeader.nginx("X-SSL-Client-Cert").trustedProxies("10.0.0.0/8").build())
            .build();
        ProtectedResource resource = ProtectedResource.builder(validator)
            .senderBinding(constraints.step())
            .build();

        assertThat(resource.requestHeaders()).contains("DPoP", "X-SSL-Client-Cert");
    }

    @Test
    void certificateBindingJavadoc() throws Exception {
        TestCertificates.Issued alice = TestCertificates.newCa().issueClient("alice");
        byte[] der = alice.certificate().getEncoded();
        VerifiedToken verifiedToken = validator.validate(TestTokens.valid(clock)
                .claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(der))).sign());
        Optional<byte[]> certificateDer = Optional.of(der);

        CertificateBinding binding = CertificateBinding.create();
        binding.check(verifiedToken, certificateDer);   // Optional<byte[]>: from the TLS connection or a ClientCertificateHeader

        assertThat(binding.check(verifiedToken, certificateDer)).isTrue();
    }
}
