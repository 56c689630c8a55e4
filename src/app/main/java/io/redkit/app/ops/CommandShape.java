package io.redkit.app.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an operator may see of a Redis command from the slow log: its name (with the subcommand of container commands
 * such as {@code CLIENT LIST}), the number of arguments, and the <em>shape</em> of the arguments that are key names
 * under the application's key prefix: the prefix and the feature segment kept, every other segment replaced by
 * {@code *} ({@code redkit:session:{*}}, {@code redkit:jcache:{*|*}:*}). Argument values, key segments that could be
 * ids, user names or API keys, and keys outside the prefix never appear: the slow log holds raw arguments, and a
 * session key is a session id.
 */
public record CommandShape(String name, int arguments, List<String> keys) {

    /** Commands whose first argument is a subcommand worth showing. */
    private static final Set<String> CONTAINERS = Set.of(
            "ACL",
            "CLIENT",
            "CLUSTER",
            "COMMAND",
            "CONFIG",
            "DEBUG",
            "FUNCTION",
            "LATENCY",
            "MEMORY",
            "MODULE",
            "OBJECT",
            "PUBSUB",
            "SCRIPT",
            "SLOWLOG",
            "XGROUP",
            "XINFO");

    private static final int MAX_KEYS = 8;

    /** Redis command words are short and alphabetic; anything else is shown as {@code ?}. */
    private static String word(String value) {
        return value.length() <= 32
                        && value.chars()
                                .allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '|')
                ? value.toUpperCase(Locale.ROOT)
                : "?";
    }

    public static CommandShape of(List<String> command, String keyPrefix) {
        if (command.isEmpty()) {
            return new CommandShape("?", 0, List.of());
        }
        String name = word(command.get(0));
        int first = 1;
        if (CONTAINERS.contains(name) && command.size() > 1) {
            name = name + " " + word(command.get(1));
            first = 2;
        }
        List<String> keys = new ArrayList<>();
        for (int i = first; i < command.size() && keys.size() < MAX_KEYS; i++) {
            String shape = keyShape(command.get(i), keyPrefix);
            if (shape != null && !keys.contains(shape)) {
                keys.add(shape);
            }
        }
        return new CommandShape(name, command.size() - 1, List.copyOf(keys));
    }

    /**
     * The shape of {@code argument} when it is a key under {@code keyPrefix} (also inside a hash tag:
     * {@code {prefix:...}}), else null.
     */
    static String keyShape(String argument, String keyPrefix) {
        String open = "";
        String rest;
        if (argument.startsWith(keyPrefix + ":")) {
            rest = argument.substring(keyPrefix.length() + 1);
        } else if (argument.startsWith("{" + keyPrefix + ":")) {
            open = "{";
            rest = argument.substring(keyPrefix.length() + 2);
        } else {
            return null;
        }
        StringBuilder shape = new StringBuilder(open).append(keyPrefix).append(':');
        int end = 0;
        while (end < rest.length() && (rest.charAt(end) >= 'a' && rest.charAt(end) <= 'z' || rest.charAt(end) == '-')) {
            end++;
        }
        // the feature segment (session, jcache, rl, ...) is shown only when a delimiter follows it: a key whose
        // second segment is the last one could be a value (redkit:alice)
        if (end == 0 || end > 24 || end == rest.length() || !delimiter(rest.charAt(end))) {
            return shape.append('*').toString();
        }
        shape.append(rest, 0, end); // the feature: session, jcache, rl, ...
        boolean inValue = false;
        for (int i = end; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (delimiter(c)) {
                shape.append(c);
                inValue = false;
            } else if (!inValue) {
                shape.append('*');
                inValue = true;
            }
        }
        return shape.toString();
    }

    private static boolean delimiter(char c) {
        return c == ':' || c == '{' || c == '}' || c == '|';
    }
}
