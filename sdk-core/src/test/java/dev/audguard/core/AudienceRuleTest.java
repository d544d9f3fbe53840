package dev.audguard.core;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact any-of rule reads a token's audience list by index (the verdict-cache hit path) and any other collection by iterator. */
class AudienceRuleTest {
    private final AudienceRule rule = AudienceRule.anyOf("orders-api");

    @Test
    void anyOfWhenAListNamesTheAudienceAnywhereThenSatisfied() {
        assertThat(rule.isSatisfiedBy(List.of("account", "orders-api"))).isTrue();
        assertThat(rule.isSatisfiedBy(new LinkedList<>(List.of("account", "orders-api")))).isTrue();
        assertThat(rule.isSatisfiedBy(new LinkedHashSet<>(List.of("account", "orders-api")))).isTrue();
    }

    @Test
    void anyOfWhenNoCollectionNamesTheAudienceThenNotSatisfied() {
        assertThat(rule.isSatisfiedBy(List.of("account", "orders-api-v2", "Orders-Api"))).isFalse();
        assertThat(rule.isSatisfiedBy(new LinkedList<>(List.of("account")))).isFalse();
        assertThat(rule.isSatisfiedBy(List.of())).isFalse();
        assertThat(rule.isSatisfiedBy(new LinkedHashSet<>())).isFalse();
    }
}
