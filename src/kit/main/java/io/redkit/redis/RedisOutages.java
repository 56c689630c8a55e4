package io.redkit.redis;

import io.redkit.redis.internal.UnreadableValueException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.WriteRedisConnectionException;

/**
 * The one place that decides whether a failure means "Redis is unreachable, busy or changing" — a condition the
 * features answer with their outage policy (503, cache bypass, skipped tick) — rather than a bug (500).
 *
 * <p>Redisson reports the same condition in several shapes: its own exception types ({@link
 * RedisConnectionException} and {@code WriteRedisConnectionException}, {@link RedisTimeoutException}, the {@link
 * RedisRetryException} family for LOADING/BUSY/CLUSTERDOWN/TRYAGAIN/MASTERDOWN), a plain {@link RedisException}
 * ("Unexpected exception while processing command") whose cause is a Netty connection error, and a plain {@link
 * RedisException} whose message is the Redis error reply — also inside a Lua script error ({@code ... @user_script:
 * 1: -OOM command not allowed ...}). The whole cause chain is examined, types first, then the error prefixes.
 *
 * <p>It is also the one place that renders such a failure for a log line or a problem detail ({@link
 * #describe(Throwable)}): Redisson's messages carry the command's parameters — keys holding session ids and API keys,
 * values — and the server's address, so they never reach a log or a client.
 */
public final class RedisOutages {

    /** Why Redis could not serve a command. */
    public enum Kind {
        /** Connection refused, closed, reset, or a write to a dead pooled connection. */
        UNREACHABLE,
        /** No reply within the command timeout (paused, overloaded or partitioned server). */
        TIMEOUT,
        /** LOADING: the server is loading its data set after a restart. */
        LOADING,
        /** BUSY: a script runs longer than {@code lua-time-limit}. */
        BUSY,
        /** READONLY: the node became a replica (failover). */
        READONLY,
        /** OOM: {@code maxmemory} reached under {@code noeviction}; writes are refused. */
        OUT_OF_MEMORY,
        /** NOSCRIPT: the script cache was flushed (restart, {@code SCRIPT FLUSH}) and the fallback failed too. */
        NOSCRIPT,
        /** CLUSTERDOWN, TRYAGAIN, MASTERDOWN, an unknown slot owner: the topology is changing. */
        TOPOLOGY_CHANGING
    }

    private RedisOutages() {}

    /**
     * Redisson's rendering of a command in its messages: {@code command: (EVAL)}, {@code command=(GET)}, {@code
     * command: (EVALSHA_RO, cached script: ...)}.
     */
    private static final Pattern COMMAND =
            Pattern.compile("command[:=] ?\\(([A-Z][A-Z0-9_]{0,30}(?: [A-Z][A-Z0-9_-]{0,30})?)[),]");
    /** A Redis error reply's code at the start of a message ({@code NOPERM this user has no ...}). */
    private static final Pattern REPLY = Pattern.compile("^-?([A-Z][A-Z_]{1,19}) ");

    /**
     * The failure as it may be logged or shown: the simple class names of its cause chain, the Redis command's name
     * and error code when Redisson's message names them, and what kind of outage it is — never the message text of a
     * Redis client exception (it carries the command's parameters and the server's address). Messages of redkit's own
     * exceptions, built from names redkit chose, are kept. Example: {@code RedisTimeoutException (command EVAL,
     * outage TIMEOUT)}.
     *
     * @param exception the failure
     * @return a description safe to log and to show
     */
    public static String describe(Throwable exception) {
        if (exception == null) {
            return "no exception";
        }
        StringBuilder text = new StringBuilder();
        String command = null;
        String reply = null;
        String previous = null;
        int depth = 0;
        for (Throwable t = exception; t != null && depth < 32; t = t.getCause(), depth++) {
            String name = t.getClass().getSimpleName().isEmpty()
                    ? t.getClass().getName()
                    : t.getClass().getSimpleName();
            String message = t.getMessage();
            String own = ownMessage(t);
            if (!name.equals(previous) || own != null) {
                text.append(text.length() == 0 ? "" : " <- ").append(name);
                if (own != null) {
                    text.append(" \"").append(own).append('"');
                }
            }
            previous = name;
            if (message != null) {
                if (command == null) {
                    Matcher m = COMMAND.matcher(message);
                    command = m.find() ? m.group(1) : null;
                }
                if (reply == null && t instanceof RedisException) {
                    Matcher m = REPLY.matcher(message);
                    reply = m.find() ? m.group(1) : null;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        StringBuilder facts = new StringBuilder();
        if (command != null) {
            facts.append("command ").append(command);
        }
        if (reply != null) {
            facts.append(facts.length() == 0 ? "" : ", ").append("reply ").append(reply);
        }
        classify(exception).ifPresent(kind -> facts.append(facts.length() == 0 ? "" : ", ")
                .append("outage ")
                .append(kind));
        unsent(exception).ifPresent(stage -> facts.append(", never sent: ").append(stage));
        return facts.length() == 0 ? text.toString() : text + " (" + facts + ")";
    }

    /**
     * Logs {@code message} with the failure. The stack trace is logged only when no Redis client exception is in the
     * cause chain (a bug of the application's own); otherwise the line ends with {@link #describe(Throwable)}.
     *
     * @param logger the logger
     * @param level the level
     * @param message what failed
     * @param exception the failure
     */
    public static void log(Logger logger, Level level, String message, Throwable exception) {
        if (!logger.isLoggable(level)) {
            return;
        }
        if (exception == null || !fromRedis(exception)) {
            logger.log(level, message, exception);
        } else {
            logger.log(level, message + ": " + describe(exception));
        }
    }

    /**
     * The failure for a log line or a stored error: {@link #describe(Throwable)} when a Redis client exception is in
     * its cause chain, else its {@code toString()} (an application's own failure, whose message helps).
     *
     * @param exception the failure
     * @return the text to log
     */
    public static String loggable(Throwable exception) {
        return exception != null && fromRedis(exception) ? describe(exception) : String.valueOf(exception);
    }

    /**
     * True when a Redis client (Redisson) exception, or redkit's report of an outage, is in the cause chain.
     *
     * @param exception the failure
     * @return true when it came from Redis or its client
     */
    public static boolean fromRedis(Throwable exception) {
        int depth = 0;
        for (Throwable t = exception; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t.getClass().getName().startsWith("org.redisson.") || t instanceof RedisUnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return isOutage(exception);
    }

    /** The message of one of redkit's own exceptions, which never embeds a Redis client's message; else null. */
    private static String ownMessage(Throwable t) {
        String message = t.getMessage();
        if (message == null || !t.getClass().getName().startsWith("io.redkit.")) {
            return null;
        }
        // belt and braces: a message that quotes a Redis client's text anyway is dropped
        return message.contains("params")
                        || COMMAND.matcher(message).find()
                        || message.contains("redis://")
                        || message.contains("rediss://")
                ? null
                : message;
    }

    /**
     * What a client is told about an outage of this kind (the start of a 503's {@code detail}).
     *
     * @param kind the kind of outage
     * @return the text
     */
    public static String describe(Kind kind) {
        return switch (kind) {
            case UNREACHABLE, TIMEOUT -> "Redis is unavailable";
            case LOADING -> "Redis is unavailable: it is loading its data after a restart";
            case BUSY -> "Redis is unavailable: it is busy running a long script";
            case READONLY -> "Redis is unavailable for writes: the server became a replica (failover in progress)";
            case OUT_OF_MEMORY -> "Redis is unavailable for writes: it is out of memory (maxmemory reached)";
            case NOSCRIPT -> "Redis is unavailable: it lost its script cache";
            case TOPOLOGY_CHANGING -> "Redis is unavailable: the cluster is changing its topology";
        };
    }

    /**
     * True when Redisson gave up on the command before any of it reached Redis: no pooled connection in time, the write
     * still queued when the attempts ran out (Redisson cancels it), or a write that failed on a dead connection. Such a
     * command had no effect, so sending it again cannot count anything twice. A reply timeout ({@code
     * RedisResponseTimeoutException}) is not one: the command may have run.
     *
     * @param exception the failure
     * @return true when the command provably never reached Redis
     */
    public static boolean neverSent(Throwable exception) {
        return unsent(exception).isPresent();
    }

    /** Where an unsent command stopped, as {@link #describe(Throwable)} shows it; empty when it may have been sent. */
    private static Optional<String> unsent(Throwable exception) {
        int depth = 0;
        for (Throwable t = exception; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof RedisResponseTimeoutException) {
                return Optional.empty();
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof RedisTimeoutException) {
                if (message.startsWith("Unable to acquire connection")) {
                    return Optional.of("no pooled connection in time");
                }
                if (message.startsWith("Command still hasn't been written")) {
                    return Optional.of("write still queued");
                }
            }
            if (t instanceof WriteRedisConnectionException) {
                return Optional.of("write failed");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * True when the exception, or one of its causes, means Redis could not serve the command now.
     *
     * @param exception the failure
     * @return true for an outage (see {@link Kind})
     */
    public static boolean isOutage(Throwable exception) {
        return classify(exception).isPresent();
    }

    /**
     * What kind of outage the exception reports, or empty when it is not an outage (a bug, a codec failure). When the
     * chain holds several (a connection that could not be set up because the server answered BUSY), the Redis reply
     * deepest in the chain says best what happened.
     *
     * @param exception the failure
     * @return the kind of outage, or empty
     */
    public static Optional<Kind> classify(Throwable exception) {
        Kind found = null;
        int depth = 0;
        for (Throwable t = exception; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof UnreadableValueException) {
                break; // a value that does not decode: what lies beneath is the codec's, never an outage
            }
            Kind kind = byType(t);
            if (kind == null && t instanceof RedisException) {
                kind = byReply(t.getMessage());
            }
            if (kind != null && (found == null || (kind != Kind.UNREACHABLE && kind != Kind.TIMEOUT))) {
                found = kind;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Kind byType(Throwable t) {
        if (t instanceof RedisConnectionException) {
            return Kind.UNREACHABLE;
        }
        if (t instanceof RedisTimeoutException || t instanceof TimeoutException) {
            return Kind.TIMEOUT;
        }
        if (t instanceof RedisReadonlyException) {
            return Kind.READONLY;
        }
        if (t instanceof RedisOutOfMemoryException) {
            return Kind.OUT_OF_MEMORY;
        }
        if (t instanceof RedisNoScriptException) {
            return Kind.NOSCRIPT;
        }
        if (t instanceof RedisNodeNotFoundException) {
            return Kind.TOPOLOGY_CHANGING;
        }
        if (t instanceof RedisRetryException) {
            // LOADING, BUSY, CLUSTERDOWN, TRYAGAIN, MASTERDOWN, NOREPLICAS, WAIT: byReply tells which
            Kind kind = byReply(t.getMessage());
            return kind != null ? kind : Kind.TOPOLOGY_CHANGING;
        }
        if (isNetworkFailure(t)) {
            return Kind.UNREACHABLE;
        }
        return null;
    }

    /** Socket-level failures, as Netty and the JDK report them (never a codec's {@link ObjectStreamException}). */
    private static boolean isNetworkFailure(Throwable t) {
        if (t instanceof SocketException || t instanceof ClosedChannelException) {
            return true;
        }
        String type = t.getClass().getName();
        if (type.startsWith("io.netty.channel.")
                && (type.endsWith("ConnectException")
                        || type.endsWith("ConnectTimeoutException")
                        || type.endsWith("ClosedChannelException")
                        || type.endsWith("NativeIoException")
                        || type.endsWith("ChannelException"))) {
            return true;
        }
        if (t instanceof IOException && !(t instanceof ObjectStreamException)) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("connection reset")
                    || message.contains("broken pipe")
                    || message.contains("connection refused")
                    || message.contains("connection closed");
        }
        return false;
    }

    /**
     * The Redis error reply at the start of the message, or after a script's {@code -} marker. Redisson prefixes
     * some replies with its own text, so the prefix is also looked for after ": " and "-".
     */
    static Kind byReply(String message) {
        if (message == null) {
            return null;
        }
        if (message.startsWith("Unexpected exception while processing command")) {
            return null; // decided by the cause
        }
        for (String candidate : candidates(message)) {
            Kind kind = prefix(candidate);
            if (kind != null) {
                return kind;
            }
        }
        return null;
    }

    private static java.util.List<String> candidates(String message) {
        java.util.List<String> result = new java.util.ArrayList<>(4);
        result.add(message);
        int dash = message.indexOf(": -");
        while (dash >= 0) {
            result.add(message.substring(dash + 3));
            dash = message.indexOf(": -", dash + 3);
        }
        int script = message.indexOf("@user_script:");
        if (script >= 0) {
            // "... @user_script: 1: OOM command not allowed ..." (Redis 6.2 script errors, with or without '-')
            String rest = message.substring(script);
            int colon = rest.indexOf(": ", rest.indexOf(':') + 1);
            if (colon >= 0) {
                String after = rest.substring(colon + 2);
                result.add(after.startsWith("-") ? after.substring(1) : after);
            }
        }
        return result;
    }

    private static Kind prefix(String reply) {
        String r = reply.startsWith("-") ? reply.substring(1) : reply;
        if (r.startsWith("LOADING")) {
            return Kind.LOADING;
        }
        if (r.startsWith("BUSY ") || r.equals("BUSY")) {
            return Kind.BUSY;
        }
        if (r.startsWith("READONLY")) {
            return Kind.READONLY;
        }
        if (r.startsWith("OOM ")) {
            return Kind.OUT_OF_MEMORY;
        }
        if (r.startsWith("NOSCRIPT")) {
            return Kind.NOSCRIPT;
        }
        if (r.startsWith("CLUSTERDOWN")
                || r.startsWith("TRYAGAIN")
                || r.startsWith("MASTERDOWN")
                || r.startsWith("NOREPLICAS")) {
            return Kind.TOPOLOGY_CHANGING;
        }
        return null;
    }
}
