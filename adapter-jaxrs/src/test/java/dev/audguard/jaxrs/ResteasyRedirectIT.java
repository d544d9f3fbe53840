package dev.audguard.jaxrs;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder;
import org.junit.jupiter.api.Tag;

/** The redirect rule on RESTEasy's client (it follows redirects only when its engine is told to). */
@Tag("resteasy")
class ResteasyRedirectIT extends RedirectContract {
    @Override
    Client defaultClient() {
        return ClientBuilder.newClient();
    }

    @Override
    Client followingClient() {
        return ((ResteasyClientBuilder) ClientBuilder.newBuilder()).setFollowRedirects(true).build();
    }
}
