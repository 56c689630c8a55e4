package io.redkit.testing;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator login of the integration tests: one random password per test JVM, given to the Arquillian deployment
 * ({@code redkit.test.ops.password}, read by arquillian.xml) and to every node a test starts
 * ({@link PayaraMicroNode#defaults}), so that the operator endpoints are tested behind their real login.
 */
public final class OpsLogin {

    public static final String USER = "ops";
    public static final String PROPERTY = "redkit.test.ops.password";

    private static final String PASSWORD = generate();

    private OpsLogin() {}

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String password() {
        return PASSWORD;
    }

    /** {@code http} logging in as the operator on every request. */
    public static Http as(Http http) {
        return http.withBasicAuth(USER, PASSWORD);
    }

    /** {@code node}'s client logging in as the operator. */
    public static Http as(PayaraMicroNode node) {
        return as(node.http());
    }

    /** {@code settings} plus the operator password, for a node's system properties. */
    static Map<String, String> with(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("redkit.app.ops.password", PASSWORD);
        return all;
    }
}
