package dev.audguard.servlet;

import dev.audguard.testsupport.LoopbackJetty;
import dev.audguard.testsupport.TestCertificates;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.URI;
import java.util.EnumSet;

/**
 * Embedded Jetty 12 (ee10) over TLS on 127.0.0.1, port 0, with a server certificate for 127.0.0.1
 * from {@code ca}, asking for (not requiring) a client certificate signed by {@code ca}: one filter
 * and the {@link EchoServlet} at {@code /app}. No SNI host check, so clients may connect by IP.
 */
record MutualTlsJetty(LoopbackJetty jetty) implements AutoCloseable {

    static MutualTlsJetty start(TestCertificates ca, Filter filter) throws Exception {
        char[] password = "test-only".toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ca.keyStore(ca.issueServer("127.0.0.1"), password));
        ssl.setKeyStorePassword(new String(password));
        ssl.setTrustStore(ca.trustStore());
        ssl.setWantClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        return new MutualTlsJetty(LoopbackJetty.with(new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https))
                .start(context, () -> { }));
    }

    /** An absolute https URI on this server. */
    URI uri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + jetty.port() + pathAndQuery);
    }

    @Override
    public void close() {
        jetty.close();
    }
}
