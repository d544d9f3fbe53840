package dev.audguard.jaxrs;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.junit.jupiter.api.Tag;

/** DPoP proofs from the client filter on RESTEasy's client. */
@Tag("resteasy")
class ResteasyDpopClientIT extends DpopClientContract {
    @Override
    Client newClient() {
        return ClientBuilder.newClient();
    }
}
