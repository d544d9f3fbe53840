package dev.audguard.samples.launcher;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceCommandTest {

    @Test
    void readsBothOptionForms() {
        ServiceCommand command = ServiceCommand.of("good-service",
                new String[] {"--issuer=http://127.0.0.1:8080/realms/demo", "--port", "0", "--host=::1"});

        assertThat(command.get("issuer")).isEqualTo("http://127.0.0.1:8080/realms/demo");
        assertThat(command.port(8083)).isZero();
        assertThat(command.host()).isEqualTo("::1");
        assertThat(command.get("resource")).isNull();
        assertThat(command.get("client-secret", "mcp-server-secret")).isEqualTo("mcp-server-secret");
    }

    @Test
    void byDefaultListensOnLoopbackAtTheSamplesOwnPort() {
        ServiceCommand command = ServiceCommand.of("service-c", new String[] {"--issuer=http://idp"});

        assertThat(command.host()).isEqualTo("127.0.0.1");
        assertThat(command.port(8082)).isEqualTo(8082);
    }

    @Test
    void aValueMayHoldAnEqualsSign() {
        assertThat(ServiceCommand.of("mcp-server", new String[] {"--resource=http://h/mcp?a=b"}).get("resource"))
                .isEqualTo("http://h/mcp?a=b");
    }

    @Test
    void refusesAnArgumentThatIsNotAnOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceCommand.of("good-service", new String[] {"8083"}))
                .withMessage("unexpected argument: 8083");
    }

    @Test
    void refusesALastOptionWithoutAValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceCommand.of("good-service", new String[] {"--port"}))
                .withMessage("missing value for --port");
    }

    @Test
    void saysWhereItListensWithoutPathOrTrailingSlash() {
        assertThat(ServiceCommand.listening("good-service", URI.create("http://127.0.0.1:8083/")))
                .isEqualTo("good-service listening on http://127.0.0.1:8083");
        assertThat(ServiceCommand.listening("mcp-server", URI.create("http://127.0.0.1:8085/mcp")))
                .isEqualTo("mcp-server listening on http://127.0.0.1:8085");
    }
}
