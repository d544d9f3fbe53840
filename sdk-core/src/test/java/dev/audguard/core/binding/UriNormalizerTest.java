package dev.audguard.core.binding;

import dev.audguard.core.binding.internal.UriNormalizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UriNormalizerTest {
    @Test
    void normalizeLowersSchemeAndHostAndDropsDefaultPort() {
        assertThat(UriNormalizer.normalize("HTTPS://API.Example.com:443/A")).isEqualTo("https://api.example.com/A");
        assertThat(UriNormalizer.normalize("http://h:80")).isEqualTo("http://h/");
        assertThat(UriNormalizer.normalize("https://h:8443/x")).isEqualTo("https://h:8443/x");
    }

    @Test
    void normalizeDecodesUnreservedAndUppercasesTheRest() {
        assertThat(UriNormalizer.normalize("https://h/%7euser/%2fx%2Fy")).isEqualTo("https://h/~user/%2Fx%2Fy");
    }

    @Test
    void normalizeRemovesDotSegmentsQueryAndFragment() {
        assertThat(UriNormalizer.normalize("https://h/a/b/../c/./d?q=1#f")).isEqualTo("https://h/a/c/d");
        assertThat(UriNormalizer.normalize("https://h/../../x")).isEqualTo("https://h/x");
    }

    @Test
    void normalizeRefusesWhatIsNotAnAbsoluteHttpUri() {
        for (String bad : new String[] {"/path", "ftp://h/x", "https:/h", "https://user@h/x", "https://h:99999/", "https://h/%zz", "https://h:x/"}) {
            assertThatThrownBy(() -> UriNormalizer.normalize(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void normalizeKeepsIpv6Literals() {
        assertThat(UriNormalizer.normalize("https://[::1]:443/x")).isEqualTo("https://[::1]/x");
    }
}
