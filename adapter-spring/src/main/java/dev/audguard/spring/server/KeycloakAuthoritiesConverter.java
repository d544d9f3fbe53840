package dev.audguard.spring.server;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Spring Security authorities from a token: scopes as {@code SCOPE_x} (Spring's convention, so
 * {@code hasAuthority("SCOPE_orders:read")} works) and Keycloak roles as {@code ROLE_x} (so
 * {@code hasRole("viewer")} works): realm roles ({@code realm_access.roles}) and the client roles
 * ({@code resource_access.<client>.roles}) of the clients named.
 *
 * <pre>{@code
 * KeycloakAuthoritiesConverter authorities = KeycloakAuthoritiesConverter.builder()
 *     .clientRoles("reports-api")     // Keycloak's use-resource-role-mappings: .withoutRealmRoles().clientRoles(resource)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: scopes with prefix {@code SCOPE_}, realm roles, no client roles, role prefix
 * {@code ROLE_}. Reads sdk-core's {@link dev.audguard.core.VerifiedToken} when the JWT is a
 * {@link VerifiedJwt}, the JWT's claims otherwise; values that are not strings are ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeycloakAuthoritiesConverter implements Converter<Jwt, Collection<GrantedAuthority>> {
    private final boolean scopes;
    private final String scopePrefix;
    private final boolean realmRoles;
    private final List<String> clients;
    private final String rolePrefix;

    private KeycloakAuthoritiesConverter(Builder b) {
        this.scopes = b.scopes;
        this.scopePrefix = b.scopePrefix;
        this.realmRoles = b.realmRoles;
        this.clients = List.copyOf(b.clients);
        this.rolePrefix = b.rolePrefix;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Set<String> names = new LinkedHashSet<>();
        if (jwt instanceof VerifiedJwt verified && verified.verifiedToken() != null) {
            var token = verified.verifiedToken();
            if (scopes) {
                token.scopes().forEach(s -> names.add(scopePrefix + s));
            }
            if (realmRoles) {
                token.realmRoles().forEach(r -> names.add(rolePrefix + r));
            }
            for (String client : clients) {
                token.clientRoles(client).forEach(r -> names.add(rolePrefix + r));
            }
        } else {
            Map<String, Object> claims = jwt.getClaims();
            if (scopes) {
                Object scope = claims.get("scope");
                if (scope instanceof String delimited) {
                    for (String s : delimited.split(" ")) {
                        if (!s.isEmpty()) {
                            names.add(scopePrefix + s);
                        }
                    }
                }
                strings(claims.get("scp")).forEach(s -> names.add(scopePrefix + s));
            }
            if (realmRoles && claims.get("realm_access") instanceof Map<?, ?> realm) {
                strings(realm.get("roles")).forEach(r -> names.add(rolePrefix + r));
            }
            if (claims.get("resource_access") instanceof Map<?, ?> access) {
                for (String client : clients) {
                    if (access.get(client) instanceof Map<?, ?> clientAccess) {
                        strings(clientAccess.get("roles")).forEach(r -> names.add(rolePrefix + r));
                    }
                }
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>(names.size());
        names.forEach(name -> authorities.add(new SimpleGrantedAuthority(name)));
        return authorities;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            for (Object item : values) {
                if (item instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "KeycloakAuthoritiesConverter{scopes=" + (scopes ? scopePrefix : "off") + ", realmRoles=" + realmRoles
                + ", clientRoles=" + clients + ", rolePrefix=" + rolePrefix + '}';
    }

    /** Configures a {@link KeycloakAuthoritiesConverter}; each option can be set once. Not thread-safe. */
    public static final class Builder {
        private boolean scopes = true;
        private String scopePrefix = "SCOPE_";
        private boolean realmRoles = true;
        private final Set<String> clients = new LinkedHashSet<>();
        private String rolePrefix = "ROLE_";
        private final Set<String> set = new LinkedHashSet<>();

        private Builder() {
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set");
            }
        }

        /** Scopes give no authorities. */
        public Builder withoutScopes() {
            once("withoutScopes");
            this.scopes = false;
            return this;
        }

        /** Prefix of scope authorities (default {@code SCOPE_}; may be empty). */
        public Builder scopePrefix(String prefix) {
            once("scopePrefix");
            this.scopePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Realm roles give no authorities (Keycloak's {@code use-resource-role-mappings}). */
        public Builder withoutRealmRoles() {
            once("withoutRealmRoles");
            this.realmRoles = false;
            return this;
        }

        /** The roles of these clients ({@code resource_access}) give authorities. */
        public Builder clientRoles(String... clientIds) {
            once("clientRoles");
            for (String id : clientIds) {
                if (Objects.requireNonNull(id, "clientId").isBlank()) {
                    throw new IllegalArgumentException("a client id must not be blank");
                }
                clients.add(id);
            }
            return this;
        }

        /** Prefix of role authorities (default {@code ROLE_}; may be empty). */
        public Builder rolePrefix(String prefix) {
            once("rolePrefix");
            this.rolePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Builds the converter. */
        public KeycloakAuthoritiesConverter build() {
            return new KeycloakAuthoritiesConverter(this);
        }
    }
}
