package dev.audguard.testsupport;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log capture every "no token in the logs" test relies on: it must catch a leak, even a partial one. */
class CapturedLogTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";

    @Test
    void assertNeverShowsFailsWhenOnlyTheSignatureOfATokenWasLogged() {
        String signature = TOKEN.substring(TOKEN.lastIndexOf('.') + 1);
        CapturedLog log = new CapturedLog();
        log.start();
        try {
            System.err.println("DEBUG refused, signature " + signature);
        } finally {
            log.stop();
        }

        assertThatThrownBy(() -> log.assertNeverShows(List.of(TOKEN))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("part of a secret reached the log");
    }

    @Test
    void assertNeverShowsPassesWhenOnlyAFingerprintWasLogged() {
        CapturedLog log = new CapturedLog();
        log.start();
        try {
            System.err.println("DEBUG Request refused: audience_mismatch (token 1a2b3c4d)");
        } finally {
            log.stop();
        }

        log.assertNeverShows(List.of(TOKEN, "b-secret"));
        assertThat(log.linesContaining("DEBUG", "audience_mismatch")).singleElement().asString().contains("1a2b3c4d");
    }

    @Test
    void duringRestoresStandardErrorEvenWhenTheCodeThrows() {
        PrintStream before = System.err;

        assertThatThrownBy(() -> CapturedLog.during(() -> {
            System.err.println("WARN about to fail");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(System.err).isSameAs(before);
    }

    @Test
    void aroundReturnsTheResultBesideWhatWasLogged() throws Exception {
        CapturedLog.Captured<Integer> captured = CapturedLog.around(() -> {
            System.err.println("INFO computing");
            return 42;
        });

        assertThat(captured.result()).isEqualTo(42);
        assertThat(captured.text()).contains("INFO computing");
    }
}
