package dev.audguard.exchange;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock on 127.0.0.1, port 0, in front of the reference issuer: it passes every request on and
 * keeps a journal of them, emptied before each test (the proxying stub stays). Register it static;
 * not thread-safe (JUnit calls it from one thread).
 */
final class IssuerProxy extends WireMockExtension {
    private final ReferenceIssuerExtension issuer;
    private boolean proxying;

    /** With Jetty's default number of container threads. */
    IssuerProxy(ReferenceIssuerExtension issuer) {
        this(issuer, 0);
    }

    /** With {@code containerThreads} threads serving requests (0: WireMock's default), for tests that send many at once. */
    IssuerProxy(ReferenceIssuerExtension issuer, int containerThreads) {
        super(WireMockExtension.newInstance().options(containerThreads == 0
                        ? options().bindAddress("127.0.0.1").dynamicPort()
                        : options().bindAddress("127.0.0.1").dynamicPort().containerThreads(containerThreads))
                .resetOnEachTest(false));
        this.issuer = issuer;
    }

    // made before the first test, not in beforeAll: JUnit does not promise to run the issuer's
    // beforeAll first, and every beforeAll has run by then
    @Override
    protected void onBeforeEach(WireMockRuntimeInfo wireMock) {
        if (!proxying) {
            stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(issuer.issuer().baseUri().toString())));
            proxying = true;
        }
        resetRequests();
    }
}
