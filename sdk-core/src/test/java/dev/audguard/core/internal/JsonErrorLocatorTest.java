package dev.audguard.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed JSON is described by line, column and what was expected; valid objects pass. */
class JsonErrorLocatorTest {
    @Test
    void aStrayCommaIsReportedWhereTheNextFieldNameWasExpected() {
        assertThat(JsonErrorLocator.locate("{\n  \"realm\": \"demo\",\n}"))
                .contains("line 3, column 1: expected a string (a field name) but found '}'");
    }

    @Test
    void aMissingCommaAQuoteAndACommentAreEachLocated() {
        assertThat(JsonErrorLocator.locate("{\"a\": 1 \"b\": 2}")).contains("line 1, column 9: expected ',' or '}' but found '\"'");
        assertThat(JsonErrorLocator.locate("{\"a\": \"x}")).contains("line 1, column 10: expected '\"' to close the string but found the end of the document");
        assertThat(JsonErrorLocator.locate("{\n // realm\n \"a\": 1}")).contains("line 2, column 2: expected a string (a field name) but found '/'");
        assertThat(JsonErrorLocator.locate("{\"a\": tru}")).contains("line 1, column 10: expected true but found '}'");
        assertThat(JsonErrorLocator.locate("[1]")).contains("line 1, column 1: expected '{' (the document must be a JSON object) but found '['");
        assertThat(JsonErrorLocator.locate("{} x")).contains("line 1, column 4: expected the end of the document after the closing '}' but found 'x'");
        assertThat(JsonErrorLocator.locate("")).contains("line 1, column 1: expected a value but found the end of the document");
    }

    @Test
    void aValidObjectHasNoError() {
        assertThat(JsonErrorLocator.locate("{\"a\": [1, -2.5e3, true, null, {\"b\": \"\\u00e9\\n\"}], \"c\": {}}")).isEmpty();
    }

    @Test
    void theDescriptionNeverQuotesAValue() {
        assertThat(JsonErrorLocator.locate("{\"secret\": \"s3cr3t-value\" \"x\": 1}").orElseThrow()).doesNotContain("s3cr3t");
    }
}
