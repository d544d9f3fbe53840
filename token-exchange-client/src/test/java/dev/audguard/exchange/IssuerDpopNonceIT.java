package dev.audguard.exchange;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.RecordedRequest;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange client's nonce retry against an issuer that really asks for nonces: the reference
 * issuer with {@code reference-issuer.dpop.nonce.required} on the exchanging client answers the first
 * proof {@code 400 use_dpop_nonce}; the client retries once with the nonce and gets a DPoP-bound token,
 * and its next exchange carries the latest nonce from the start (one request, not two).
 */
class IssuerDpopNonceIT {
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static ReferenceIssuer issuer;
    private static RealmHandle shop;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("service-a", c -> c.secret("a-secret").directAccessGrants().audienceMapper("service-b"))
                .client("service-b", c -> c.secret("b-secret").standardTokenExchange().audienceMapper("service-c")
                        .attribute("reference-issuer.dpop.nonce.required", "true"))
                .client("service-c", c -> c.bearerOnly())
                .user("alice", u -> u.password("alice"))
                .build()).start();
        shop = issuer.realm("shop");
        // the nonce is good for its minute and the next and iat for seconds: frozen, neither edge moves under load
        issuer.clock().freeze();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static VerifiedToken alice() {
        return TokenValidator.builder().issuer(shop.issuerUrl()).audience("service-b").build()
                .validate(shop.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
    }

    private static List<RecordedRequest> exchanges() {
        return shop.requests().matching(r -> r.isGrant(TOKEN_EXCHANGE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void retriesOnceWithTheIssuersNonceThenSendsItFromTheStart() throws Exception {
        DpopProofSigner signer = DpopProofSigner.generate();
        TokenExchangeClient client = TokenExchangeClient.builder().tokenEndpoint(shop.tokenEndpoint())
                .clientSecret("service-b", "b-secret").dpop(signer).build();
        shop.requests().clear();

        ExchangedToken first = client.exchange(ExchangeRequest.forSubject(alice()).audience("service-c").build());
        assertThat(first.isDpopBound()).isTrue();
        Map<String, Object> cnf = (Map<String, Object>) JSONObjectUtils.parse(
                new Base64URL(first.accessToken().split("\\.")[1]).decodeToString()).get("cnf");
        assertThat(cnf).containsEntry("jkt", signer.thumbprint());
        assertThat(exchanges()).extracting(RecordedRequest::status).containsExactly(400, 200);

        shop.requests().clear();
        ExchangedToken second = client.exchange(ExchangeRequest.forSubject(alice()).audience("service-c").build());
        assertThat(second.isDpopBound()).isTrue();
        assertThat(exchanges()).extracting(RecordedRequest::status).containsExactly(200);
    }
}
