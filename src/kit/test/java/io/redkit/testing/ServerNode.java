package io.redkit.testing;

import java.net.URI;

/**
 * One real application server process running a WAR at {@code /}: Payara Micro ({@link PayaraMicroNode}), WildFly
 * ({@link WildFlyNode}) or Open Liberty. A node is returned by its {@code start} method only once the server itself
 * reports the deployment as done (its deployment state, not a line of its log); a deployment the server reports as
 * failed throws with the server's reason.
 */
public interface ServerNode extends AutoCloseable {

    /** The node's name: its log is {@code target/nodes/<name>.log}. */
    String name();

    /** Which server this is, for messages and the README's table ("WildFly 39.0.1.Final"). */
    String server();

    /** The application's root, e.g. {@code http://127.0.0.1:8123/}. */
    URI base();

    default Http http() {
        return new Http(base());
    }

    boolean isAlive();

    /** Everything the node logged so far. */
    String log();

    /** Stops the node gracefully (SIGTERM), forcibly if it has not stopped after a while. */
    @Override
    void close();

    /** Closes every node that was started; nulls (a failed start) are skipped. */
    static void closeAll(ServerNode... nodes) {
        for (ServerNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
