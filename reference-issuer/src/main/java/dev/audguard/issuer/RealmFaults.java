package dev.audguard.issuer;

import dev.audguard.issuer.internal.Faults;

/**
 * Fault injection on one realm's endpoints, so teams can test how their service copes with an
 * issuer that is down, slow or broken. Also reachable over HTTP at
 * {@code {issuer}/testing/faults/{jwks|token|discovery|introspection|userinfo}}.
 *
 * <p>Thread-safe.
 */
public final class RealmFaults {

    private final Faults faults;

    RealmFaults(Faults faults) {
        this.faults = faults;
    }

    /** The certs endpoint ({@code jwks_uri}). */
    public RealmFaults jwks(Fault fault) {
        faults.set(Faults.Target.JWKS, fault.spec());
        return this;
    }

    public RealmFaults token(Fault fault) {
        faults.set(Faults.Target.TOKEN, fault.spec());
        return this;
    }

    public RealmFaults discovery(Fault fault) {
        faults.set(Faults.Target.DISCOVERY, fault.spec());
        return this;
    }

    public RealmFaults introspection(Fault fault) {
        faults.set(Faults.Target.INTROSPECTION, fault.spec());
        return this;
    }

    public RealmFaults userinfo(Fault fault) {
        faults.set(Faults.Target.USERINFO, fault.spec());
        return this;
    }

    /** Every endpoint answers normally again. */
    public void clear() {
        faults.clear();
    }
}
