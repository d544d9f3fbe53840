package dev.audguard.spring.internal;

import dev.audguard.core.ResourceRequest;
import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.util.List;

/**
 * A request waiting for sdk-core's front door, as Spring Security carries it from the converter
 * (Spring MVC's {@code AuthenticationConverter}, WebFlux's {@code ServerAuthenticationConverter})
 * to the authentication manager; never authenticated and never shows its credential. The servlet
 * side adds the request its accepted-response headers go to. Not API.
 *
 * <p>Immutable; not serializable in any useful way (its fields are transient).
 */
public class PendingRequest extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final transient ResourceRequest request;

    /** {@code request}, waiting. */
    public PendingRequest(ResourceRequest request) {
        super(List.of());
        this.request = request;
        setAuthenticated(false);
    }

    /** The request as the front door reads it. */
    public ResourceRequest request() {
        return request;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return "";
    }

    @Override
    public String toString() {
        return "AudguardPendingRequest";
    }
}
