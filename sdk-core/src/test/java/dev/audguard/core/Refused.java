package dev.audguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The reason a call was refused for, for tests that assert the reason and not the message. */
final class Refused {
    private Refused() {
    }

    /** The {@link Reason} of the {@link TokenValidationException} {@code call} throws; fails the test when it throws none. */
    static Reason reason(Runnable call) {
        TokenValidationException e = catchThrowableOfType(TokenValidationException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e.reason();
    }
}
