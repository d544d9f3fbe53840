package dev.audguard.spring;

import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.RealmHandle;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The exchange the client-side ITs run against the demo realm: {@code service-b} exchanges alice's
 * token (a password grant through {@code service-a}) for one with audience {@code service-c}, the
 * target at a loopback URL the test serves. Stateless.
 */
public final class DemoExchange {
    private DemoExchange() {
    }

    /** A downstream authorizer exchanging as {@code service-b} for the target {@code service-c} at {@code api}. */
    public static DownstreamAuthorizer serviceC(RealmHandle demo, URI api) {
        return serviceC(demo, api, client -> client);
    }

    /** As {@link #serviceC(RealmHandle, URI)}, with the exchange client's builder changed by {@code client} (a DPoP key, say). */
    public static DownstreamAuthorizer serviceC(RealmHandle demo, URI api, UnaryOperator<TokenExchangeClient.Builder> client) {
        return DownstreamAuthorizer.builder(client.apply(TokenExchangeClient.builder().issuer(demo.issuerUrl())
                        .clientSecret("service-b", "b-secret")).build())
                .target("service-c", api, t -> t.audience("service-c"))
                .build();
    }

    /** Alice's subject token, granted once now, as the source the exchanging clients read it from. */
    public static SubjectTokenSource alice(RealmHandle demo) {
        SubjectToken subject = SubjectToken.of(demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
        return () -> Optional.of(subject);
    }
}
