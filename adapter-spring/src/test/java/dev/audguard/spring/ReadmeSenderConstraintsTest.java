package dev.audguard.spring;

import dev.audguard.spring.server.AudguardRequestAuthentication;
import dev.audguard.core.binding.SenderConstraints;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the README's sender-constraint example to its word: its {@code audguard.dpop} /
 * {@code audguard.mtls} YAML, as written, starts a Spring MVC application that applies DPoP and the
 * certificate binding through the request-aware authentication.
 */
class ReadmeSenderConstraintsTest {
    @Test
    void theReadmesSenderConstraintYamlStartsAndAppliesBoth() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher yaml = Pattern.compile("```yaml\n(audguard:\n  dpop:.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(yaml.find()).as("the README's sender-constraint example").isTrue();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("readme", new ByteArrayResource(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
        List<String> properties = new ArrayList<>();
        sources.forEach(source -> {
            for (String name : ((org.springframework.core.env.EnumerablePropertySource<?>) source).getPropertyNames()) {
                properties.add(name + "=" + source.getProperty(name));
            }
        });

        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                        OAuth2ResourceServerWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                        ServletWebSecurityAutoConfiguration.class))
                .withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/demo",
                        "spring.security.oauth2.resourceserver.jwt.audiences=service-b")
                .withPropertyValues(properties.toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SenderConstraints constraints = context.getBean(SenderConstraints.class);
                    assertThat(constraints.dpop().orElseThrow().externalBaseUrl()).hasToString("https://orders.example.com");
                    assertThat(constraints.certificateBinding()).isPresent();
                    assertThat(context).hasSingleBean(AudguardRequestAuthentication.class);
                });
    }
}
