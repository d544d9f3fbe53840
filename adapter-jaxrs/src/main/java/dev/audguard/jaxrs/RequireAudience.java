package dev.audguard.jaxrs;

import dev.audguard.core.AudienceMatch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The audience a resource class or method answers to, instead of the validator's: a token whose
 * {@code aud} does not satisfy it is refused with 401 {@code invalid_token}. On a method it
 * replaces the class's; it never switches the audience check off.
 *
 * <pre>{@code
 * @Path("reports")
 * @RequireAudience("reports-api")
 * public class Reports { ... }
 * }</pre>
 *
 * <p>Read once per resource method when the application starts ({@link BearerTokenFeature}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3">RFC 7519 section 4.1.3</a>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireAudience {
    /** The accepted audiences; at least one, none blank. */
    String[] value();

    /** Whether any one ({@link AudienceMatch#ANY_OF}, the default) or all of them must be in {@code aud}. */
    AudienceMatch match() default AudienceMatch.ANY_OF;
}
