package dev.audguard.jaxrs;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.client.ClientProperties;

/** The redirect rule on Jersey's client (it follows redirects by default). */
class JerseyRedirectIT extends RedirectContract {
    @Override
    Client defaultClient() {
        return ClientBuilder.newClient();
    }

    @Override
    Client followingClient() {
        return ClientBuilder.newBuilder().property(ClientProperties.FOLLOW_REDIRECTS, true).build();
    }
}
