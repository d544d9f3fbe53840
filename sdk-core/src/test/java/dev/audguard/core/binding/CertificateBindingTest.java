package dev.audguard.core.binding;

import dev.audguard.core.TestKeys;
import dev.audguard.core.TestTokens;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.testsupport.MutableClock;
import dev.audguard.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateBindingTest {
    static TestCertificates certificates;
    static X509Certificate alice;
    static X509Certificate bob;

    final MutableClock clock = MutableClock.atDefaultStart();
    final TokenValidator validator = TokenValidator.builder().issuer(TestTokens.ISSUER).jwks(TestKeys.jwks(TestKeys.RSA))
            .audience(TestTokens.AUDIENCE).clock(clock).build();
    final CertificateBinding binding = CertificateBinding.create();

    @BeforeAll
    static void issue() throws Exception {
        certificates = TestCertificates.newCa();
        alice = certificates.issueClient("alice").certificate();
        bob = certificates.issueClient("bob").certificate();
    }

    VerifiedToken boundTo(X509Certificate certificate) throws Exception {
        return validator.validate(TestTokens.valid(clock)
                .claim("cnf", Map.of(CertificateBinding.CONFIRMATION_MEMBER, CertificateBinding.thumbprint(certificate.getEncoded()))).sign());
    }

    static BindingReason reasonOf(Runnable check) {
        return DpopVerifierTest.reasonOf(check);
    }

    @Test
    void thumbprintIsBase64UrlOfTheSha256OfTheDer() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(alice.getEncoded());
        assertThat(CertificateBinding.thumbprint(alice.getEncoded())).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest))
                .hasSize(43);
        assertThat(alice.getIssuerX500Principal()).isEqualTo(certificates.ca().getSubjectX500Principal());
    }

    @Test
    void checkWhenBoundTokenComesWithItsCertificateThenPasses() throws Exception {
        assertThat(binding.check(boundTo(alice), Optional.of(encoded(alice)))).isTrue();
    }

    @Test
    void checkWhenBoundTokenComesWithAnotherCertificateThenRefuses() throws Exception {
        VerifiedToken token = boundTo(alice);
        assertThat(reasonOf(() -> binding.check(token, Optional.of(encoded(bob))))).isEqualTo(BindingReason.CERTIFICATE_MISMATCH);
    }

    @Test
    void checkWhenBoundTokenComesWithoutCertificateThenRefusesWithItsOwnReason() throws Exception {
        VerifiedToken token = boundTo(alice);
        BindingReason reason = reasonOf(() -> binding.check(token, Optional.empty()));
        assertThat(reason).isEqualTo(BindingReason.CERTIFICATE_MISSING);
        assertThat(reason.errorCode()).isEqualTo("invalid_token");
    }

    @Test
    void checkWhenTokenNotBoundThenPassesWithOrWithoutCertificate() throws Exception {
        VerifiedToken token = validator.validate(TestTokens.valid(clock).sign());
        assertThat(binding.check(token, Optional.empty())).isFalse();
        assertThat(binding.check(token, Optional.of(encoded(alice)))).isFalse();
    }

    @Test
    void checkWhenConfirmationIsNotAThumbprintThenRefuses() {
        VerifiedToken token = validator.validate(TestTokens.valid(clock).claim("cnf", Map.of("x5t#S256", "AAAA")).sign());
        assertThat(reasonOf(() -> binding.check(token, Optional.of(encoded(alice))))).isEqualTo(BindingReason.INVALID_CONFIRMATION);
    }

    @Test
    void metadataAdvertisesCertificateBoundTokens() {
        assertThat(binding.metadataFields()).containsEntry("tls_client_certificate_bound_access_tokens", true);
    }

    @Test
    void nginxHeaderFromTrustedProxyGivesTheCertificate() throws Exception {
        ClientCertificateHeader nginx = ClientCertificateHeader.nginx("X-SSL-Client-Cert").trustedProxies("10.0.0.0/8").build();
        String header = TestCertificates.escaped(TestCertificates.pem(alice));

        Optional<byte[]> der = nginx.resolve("10.1.2.3", List.of(header), Optional.empty());
        assertThat(der).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(encoded(alice)));
        assertThat(binding.check(boundTo(alice), der)).isTrue();
    }

    @Test
    void headerFromAnyoneElseIsIgnored() throws Exception {
        ClientCertificateHeader nginx = ClientCertificateHeader.nginx("X-SSL-Client-Cert").trustedProxies("10.0.0.0/8", "::1").build();
        String header = TestCertificates.escaped(TestCertificates.pem(alice));

        Optional<byte[]> der = nginx.resolve("192.168.1.9", List.of(header), Optional.empty());
        assertThat(der).isEmpty();
        VerifiedToken token = boundTo(alice);
        assertThat(reasonOf(() -> binding.check(token, der))).isEqualTo(BindingReason.CERTIFICATE_MISSING);
        assertThat(nginx.resolve("11.0.0.1", List.of(header), Optional.of(encoded(bob)))).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(encoded(bob)));
        assertThat(nginx.isTrustedProxy("::1")).isTrue();
        assertThat(nginx.isTrustedProxy("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(nginx.isTrustedProxy("localhost")).isFalse();
    }

    @Test
    void unreadableHeaderFromTrustedProxyGivesNoCertificate() throws Exception {
        ClientCertificateHeader nginx = ClientCertificateHeader.nginx("X-SSL-Client-Cert").trustedProxies("127.0.0.1").build();
        assertThat(nginx.resolve("127.0.0.1", List.of("-"), Optional.of(encoded(bob)))).isEmpty();
        assertThat(nginx.resolve("127.0.0.1", List.of("%zz"), Optional.empty())).isEmpty();
        String pem = TestCertificates.escaped(TestCertificates.pem(alice));
        assertThat(nginx.resolve("127.0.0.1", List.of(pem, pem), Optional.empty())).isEmpty();
    }

    @Test
    void envoyHeaderGivesTheCertOfTheLastElement() throws Exception {
        ClientCertificateHeader envoy = ClientCertificateHeader.envoy().trustedProxies("172.16.0.0/12").build();
        String bobElement = "By=spiffe://example/ns/a;Hash=0000;Cert=\"" + TestCertificates.escaped(TestCertificates.pem(bob)) + "\"";
        String aliceElement = "By=spiffe://example/ns/b;Hash=abcd;Cert=\"" + TestCertificates.escaped(TestCertificates.pem(alice))
                + "\";Subject=\"CN=alice,O=\\\"Quoted, Inc\\\"\";URI=";

        assertThat(envoy.resolve("172.20.0.5", List.of(bobElement + "," + aliceElement), Optional.empty()))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(encoded(alice)));
        assertThat(envoy.resolve("172.20.0.5", List.of(bobElement, aliceElement), Optional.empty()))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(encoded(alice)));
        assertThat(envoy.resolve("172.20.0.5", List.of("Hash=abcd;Subject=\"CN=x\""), Optional.empty())).isEmpty();
        assertThat(envoy.headerName()).isEqualTo("x-forwarded-client-cert");
    }

    @Test
    void trustedProxiesAreLiteralsOrRangesOnly() {
        assertThatThrownBy(() -> ClientCertificateHeader.envoy().trustedProxies("proxy.internal"))
                .hasMessageContaining("'proxy.internal'").hasMessageContaining("host names are not accepted");
        assertThatThrownBy(() -> ClientCertificateHeader.envoy().trustedProxies("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> ClientCertificateHeader.envoy().trustedProxies("300.1.1.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientCertificateHeader.envoy().build()).hasMessageContaining("trustedProxies");
        assertThatThrownBy(() -> ClientCertificateHeader.nginx("Authorization")).isInstanceOf(IllegalArgumentException.class);
        ClientCertificateHeader v6 = ClientCertificateHeader.envoy().trustedProxies("fd00::/8").build();
        assertThat(v6.isTrustedProxy("fd12::5")).isTrue();
        assertThat(v6.isTrustedProxy("fe80::1")).isFalse();
        assertThat(v6.isTrustedProxy("10.0.0.1")).isFalse();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
