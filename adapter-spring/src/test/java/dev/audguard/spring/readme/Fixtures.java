package dev.audguard.spring.readme;

import dev.audguard.issuer.RealmHandle;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

/** Bridges to the shared test fixtures of the parent package, which are package-private there. */
final class Fixtures {
    private Fixtures() {
    }

    static RealmHandle demo() {
        return dev.audguard.spring.ReadmeFixtures.demo();
    }

    static URI serviceC() {
        return dev.audguard.spring.ReadmeFixtures.serviceC();
    }

    static List<String> receivedByServiceC() {
        return dev.audguard.spring.ReadmeFixtures.receivedByServiceC();
    }

    static HttpResponse<String> bearer(URI uri, String token) {
        return dev.audguard.spring.ReadmeFixtures.get(uri, "Bearer " + token);
    }

    static HttpResponse<String> get(URI uri) {
        return dev.audguard.spring.ReadmeFixtures.get(uri);
    }
}
