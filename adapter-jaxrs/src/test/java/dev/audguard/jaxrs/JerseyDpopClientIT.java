package dev.audguard.jaxrs;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

/** DPoP proofs from the client filter on Jersey's client. */
class JerseyDpopClientIT extends DpopClientContract {
    @Override
    Client newClient() {
        return ClientBuilder.newClient();
    }
}
