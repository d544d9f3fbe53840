package dev.audguard.spring;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

/** The package's shared fixtures, for the README example application in its own package. */
public final class ReadmeFixtures {
    private ReadmeFixtures() {
    }

    /** The shared demo issuer. */
    public static RealmHandle demo() {
        return TestIssuers.demo();
    }

    /** The running service-c. */
    public static URI serviceC() {
        return ServiceC.baseUri();
    }

    /** Every Authorization header service-c accepted. */
    public static List<String> receivedByServiceC() {
        return ServiceC.received().authorizations();
    }

    /** A GET with the given Authorization headers. */
    public static HttpResponse<String> get(URI uri, String... authorization) {
        return Http.get(uri, authorization);
    }
}
