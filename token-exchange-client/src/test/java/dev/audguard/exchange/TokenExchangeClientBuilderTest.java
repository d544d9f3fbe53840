package dev.audguard.exchange;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenExchangeClientBuilderTest {

    private static TokenExchangeClient.Builder valid() {
        return TokenExchangeClient.builder().issuer("https://idp.example/realms/demo").clientSecret("service-b", "b-secret");
    }

    @Test
    void buildsWithoutTouchingTheNetwork() {
        // nothing listens at idp.invalid: building must not care
        TokenExchangeClient client = TokenExchangeClient.builder().issuer("https://idp.invalid/realms/demo")
                .clientSecret("service-b", "b-secret").build();

        assertThat(client.clientId()).isEqualTo("service-b");
        assertThat(client.toString()).contains("service-b").contains("client_secret_basic").doesNotContain("b-secret");
        TokenExchangeClient post = TokenExchangeClient.builder().issuer("https://idp.invalid/realms/demo")
                .clientSecretPost("service-b", "b-secret").build();
        assertThat(post.toString()).contains("service-b").contains("client_secret_post").doesNotContain("b-secret");
    }

    @Test
    void needsATokenEndpointAndClientAuthentication() {
        assertThatThrownBy(() -> TokenExchangeClient.builder().clientSecret("a", "b").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("token endpoint");
        assertThatThrownBy(() -> TokenExchangeClient.builder().issuer("https://idp.example").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("client authentication");
    }

    @Test
    void byDefaultRefusesPlainHttpToOtherHostsExplicitlyAllowsIt() {
        assertThatThrownBy(() -> TokenExchangeClient.builder().tokenEndpoint(URI.create("http://idp.example/token"))
                .clientSecret("a", "b").build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> TokenExchangeClient.builder().issuer("http://idp.example/realms/demo")
                .clientSecret("a", "b").build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");

        TokenExchangeClient.builder().tokenEndpoint(URI.create("http://idp.example/token")).clientSecret("a", "b")
                .allowInsecureHttp().build();
        TokenExchangeClient.builder().tokenEndpoint(URI.create("http://127.0.0.1:8080/token")).clientSecret("a", "b").build();
        TokenExchangeClient.builder().tokenEndpoint(URI.create("http://[::1]:8080/token")).clientSecret("a", "b").build();
        TokenExchangeClient.builder().issuer("http://localhost:8080/realms/demo").clientSecret("a", "b").build();
    }

    @Test
    void refusesUnusableUrls() {
        assertThatThrownBy(() -> TokenExchangeClient.builder().tokenEndpoint(URI.create("/token")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().tokenEndpoint(URI.create("https://u:p@idp.example/token")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().issuer("ftp://idp.example"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().issuer("https://idp.example/realms/demo?x=1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachOptionIsSetOnceAndClientAuthenticationOnceInAll() {
        TokenExchangeClient.Builder builder = valid().clock(java.time.Clock.systemUTC()).cacheSize(5).maxAttempts(2);

        assertThatThrownBy(() -> builder.clientSecretPost("service-b", "b-secret")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("b-secret");
        assertThatThrownBy(() -> builder.issuer("https://other.example")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.clock(java.time.Clock.systemUTC())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(builder::disableCache).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(builder::disableRetries).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void contradictionsFailAtTheCall() {
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ofSeconds(1)).httpClient(HttpClient.newHttpClient()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> valid().httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build())
                .connectTimeout(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> valid().httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redirect");
        assertThatThrownBy(() -> valid().clientAssertionAudience("https://idp.example").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().cacheSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().expirySkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateKeyJwtChecksTheAlgorithmAgainstTheKey() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e").generate();
        TokenExchangeClient.Builder builder = TokenExchangeClient.builder().issuer("https://idp.example");

        assertThatThrownBy(() -> TokenExchangeClient.builder().privateKeyJwt("c", rsa.toRSAPrivateKey(), "r", "ES256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().privateKeyJwt("c", ec.toECPrivateKey(), "e", "ES384"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().privateKeyJwt("c", rsa.toRSAPrivateKey(), "r", "HS256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenExchangeClient.builder().privateKeyJwt("c", "none"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.privateKeyJwt("c", ec.toECPrivateKey(), "e", "ES256").clientAssertionAudience("https://idp.example/token")
                .build().clientId()).isEqualTo("c");
    }

    @Test
    void aPublicJwkIsRefusedWithoutEchoingKeyMaterial() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
        String publicJwk = rsa.toPublicJWK().toJSONString();
        String privateJwk = rsa.toJSONString();

        assertThatThrownBy(() -> TokenExchangeClient.builder().privateKeyJwt("c", publicJwk))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(rsa.getModulus().toString());
        assertThatThrownBy(() -> TokenExchangeClient.builder().privateKeyJwt("c", privateJwk.replace("\"kty\"", "\"ktx\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a JWK");
        assertThat(TokenExchangeClient.builder().issuer("https://idp.example").privateKeyJwt("c", privateJwk).build().toString())
                .contains("private_key_jwt").contains("RS256").doesNotContain(rsa.getPrivateExponent().toString());
    }
}
