package dev.audguard.issuer;

import dev.audguard.issuer.internal.Recorder;

import java.util.List;
import java.util.function.Predicate;

/**
 * What one realm received, oldest first, for assertions such as "the service exchanged once, not
 * twice". Requests to the {@code /testing/} endpoints (the test's own controls) are not recorded;
 * the log keeps the last 10,000 requests. Parameters are redacted as {@link RecordedRequest} says.
 * Also served at {@code GET {issuer}/testing/requests} (and cleared with {@code DELETE}).
 *
 * <pre>{@code
 * demo.requests().clear();
 * // ... exercise the service ...
 * assertThat(demo.requests().exchanges()).hasSize(1);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RequestLog {

    private final Recorder recorder;

    RequestLog(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Every recorded request, oldest first. */
    public List<RecordedRequest> all() {
        return recorder.snapshot();
    }

    public List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
        return all().stream().filter(filter).toList();
    }

    /** Requests to one endpoint by its short name ({@code token}, {@code introspect}, {@code certs}, ...). */
    public List<RecordedRequest> to(String endpoint) {
        return matching(r -> r.endpoint().equals(endpoint));
    }

    /** Token-endpoint requests with this {@code grant_type}, e.g. {@code client_credentials}. */
    public List<RecordedRequest> tokenRequests(String grantType) {
        return matching(r -> r.isGrant(grantType));
    }

    /** RFC 8693 token-exchange requests. */
    public List<RecordedRequest> exchanges() {
        return tokenRequests("urn:ietf:params:oauth:grant-type:token-exchange");
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        recorder.clear();
    }
}
