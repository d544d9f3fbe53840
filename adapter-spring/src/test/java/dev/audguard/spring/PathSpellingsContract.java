package dev.audguard.spring;

import dev.audguard.testsupport.Http;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path-spelling cases both stacks run, {@code PathRulesIT} on Tomcat and
 * {@code ReactivePathTricksIT} on Reactor Netty, against a service with {@code /reports/**} for the
 * audience reports-api and {@code /admin/**} needing the scopes admin and audit: no spelling in
 * {@link PathSpellings} reaches a handler without that path's requirements.
 */
public interface PathSpellingsContract {
    /** {@code path}, sent as written, on the service under test. */
    URI at(String path);

    /** A token for the service itself, without the admin scopes. */
    String tokenWithoutTheAdminScopes();

    /** Spellings of /admin/report (scopes admin and audit required) that a container, a server or Spring may map to it. */
    @ParameterizedTest
    @MethodSource("dev.audguard.spring.PathSpellings#adminReport")
    default void noSpellingOfAProtectedPathDodgesItsRule(String path) {
        HttpResponse<String> response = Http.bearer(at(path), tokenWithoutTheAdminScopes());

        assertThat(response.statusCode()).as(path).isIn(400, 403, 404);
        assertThat(response.body()).as(path).isNotEqualTo("admin");
    }

    /** The same spellings of /reports/summary (audience reports-api instead of the service's own). */
    @ParameterizedTest
    @MethodSource("dev.audguard.spring.PathSpellings#reportsSummary")
    default void noSpellingOfAPathWithItsOwnAudienceDodgesIt(String path) {
        HttpResponse<String> response = Http.bearer(at(path), tokenWithoutTheAdminScopes());

        assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
        assertThat(response.body()).as(path).isNotEqualTo("reports");
    }
}
