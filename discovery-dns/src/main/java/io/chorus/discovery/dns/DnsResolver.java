package io.chorus.discovery.dns;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
import javax.naming.OperationNotSupportedException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks the configured name up through the JDK's DNS provider (JNDI, module {@code jdk.naming.dns}):
 * A and AAAA records with the configured port, or SRV records whose targets are looked up in turn.
 * Every query of one {@link #resolve()} shares one deadline, {@code timeout x (1 + retries)}.
 */
final class DnsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(DnsResolver.class);
    private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";

    private final DnsSettings settings;
    private final String name;
    private final RandomGenerator random;

    DnsResolver(DnsSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.name = settings.name().orElseThrow(() -> new IllegalArgumentException("no name to resolve"));
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @return the addresses, IP literals: for SRV, in RFC 2782 order with each target's port
     * @throws ChorusException naming the name, the server and the cause when the lookup failed
     */
    List<Address> resolve() {
        long deadline = System.nanoTime() + settings.budget().toNanos();
        if (!settings.srv()) {
            List<String> ips = addresses(name, deadline, name);
            List<Address> out = new ArrayList<>(ips.size());
            for (String ip : ips) {
                out.add(new Address(ip, settings.port()));
            }
            return out;
        }
        List<SrvRecord> records = new ArrayList<>();
        for (String text : query(name, "SRV", deadline, name)) {
            try {
                records.add(SrvRecord.parse(text));
            } catch (IllegalArgumentException e) {
                LOG.warn("chorus dns discovery: skipping a malformed SRV record of {}: {}", name, text);
            }
        }
        LinkedHashSet<Address> out = new LinkedHashSet<>();
        ChorusException firstFailure = null;
        for (SrvRecord r : SrvRecord.order(records, random)) {
            if (r.target().isEmpty() || r.port() == 0) {
                continue; // "." or port 0: the service is decidedly not available there (RFC 2782)
            }
            try {
                for (String ip : addresses(r.target(), deadline, name)) {
                    out.add(new Address(ip, r.port()));
                }
            } catch (ChorusException e) {
                LOG.warn("chorus dns discovery: skipping SRV target {} of {}: {}", r.target(), name, e.getMessage());
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (out.isEmpty() && firstFailure != null) {
            throw firstFailure;
        }
        return List.copyOf(out);
    }

    /**
     * The A then AAAA records of {@code host}; a name with neither type but existing gives none.
     * When the A records came but the AAAA query fails (a server slow on IPv6), the A records do.
     */
    private List<String> addresses(String host, long deadline, String asked) {
        List<String> out = new ArrayList<>(query(host, "A", deadline, asked));
        try {
            out.addAll(query(host, "AAAA", deadline, asked));
        } catch (ChorusException e) {
            if (out.isEmpty()) {
                throw e;
            }
            LOG.warn("chorus dns discovery: using the A records of {} only: {}", host, e.getMessage());
        }
        return out;
    }

    /**
     * One question, sent again on no answer until the retries or the deadline run out.
     *
     * @param asked the configured name, for messages
     * @return the record data, possibly none (the name exists but has no record of that type)
     */
    private List<String> query(String host, String type, long deadline, String asked) {
        NamingException last = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            long timeoutMs = Math.max(1, Math.min(settings.timeout().toMillis(), left / 1_000_000));
            try {
                return once(host, type, timeoutMs);
            } catch (NameNotFoundException e) {
                throw failure(host, type, asked, "no such name (NXDOMAIN)", e);
            } catch (NoInitialContextException e) {
                throw failure(host, type, asked, "the JDK's DNS provider is missing: add module jdk.naming.dns "
                        + "(with jlink: --add-modules jdk.naming.dns or --bind-services)", e);
            } catch (OperationNotSupportedException e) {
                throw failure(host, type, asked, "the server refused the query (REFUSED): it does not serve this name", e);
            } catch (CommunicationException | ServiceUnavailableException e) {
                last = e;
                LOG.debug("chorus dns discovery: {} {} at {}, attempt {}: {}", type, host, settings.serverText(),
                        attempt + 1, e.toString());
            } catch (NamingException e) {
                throw failure(host, type, asked, describe(e), e);
            }
        }
        String cause = last == null ? "no answer within " + settings.budget().toMillis() + " ms"
                : describe(last) + " (" + (settings.retries() + 1) + " attempts, " + settings.timeout().toMillis()
                        + " ms each at most)";
        throw failure(host, type, asked, cause, last);
    }

    private List<String> once(String host, String type, long timeoutMs) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
        env.put(Context.PROVIDER_URL, settings.server().map(s -> "dns://" + s + "/").orElse("dns:"));
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(timeoutMs));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext ctx = new InitialDirContext(env);
        try {
            Attributes attrs = ctx.getAttributes(host + ".", new String[] {type});
            Attribute attr = attrs.get(type);
            List<String> out = new ArrayList<>();
            if (attr != null) {
                NamingEnumeration<?> values = attr.getAll();
                while (values.hasMore()) {
                    out.add(String.valueOf(values.next()).trim().toLowerCase(Locale.ROOT));
                }
            }
            return out;
        } finally {
            ctx.close();
        }
    }

    private ChorusException failure(String host, String type, String asked, String cause, Throwable e) {
        String what = host.equals(asked) ? type + " " + host : type + " " + host + " (a target of SRV " + asked + ")";
        return new ChorusException("DNS lookup of " + what + " at " + settings.serverText() + " failed: " + cause, e);
    }

    private static String describe(NamingException e) {
        Throwable root = e.getRootCause();
        if (root instanceof SocketTimeoutException) {
            return "no answer (timed out)";
        }
        if (root instanceof PortUnreachableException) {
            return "the server is unreachable (ICMP port unreachable: nothing listens there)";
        }
        if (e instanceof ServiceUnavailableException) {
            return "the server failed (SERVFAIL)";
        }
        String text = e.getExplanation() != null ? e.getExplanation() : e.getClass().getSimpleName();
        return root == null ? text : text + ": " + root;
    }
}
