package dev.audguard.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Scopes a token must grant, all of them, on top of those the validator requires: a valid token
 * without them is refused with 403 {@code insufficient_scope} and a challenge listing them. On a
 * method it replaces the class's.
 *
 * <pre>{@code
 * @GET
 * @RequireScope({"reports:read", "reports:export"})
 * public String export() { ... }
 * }</pre>
 *
 * <p>Read once per resource method when the application starts ({@link BearerTokenFeature}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireScope {
    /** The required scopes; at least one, each one token without spaces. */
    String[] value();
}
