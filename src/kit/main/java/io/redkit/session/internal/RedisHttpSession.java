package io.redkit.session.internal;

import io.redkit.session.PrincipalSessions;
import io.redkit.session.SessionSettings;
import io.redkit.session.SessionTooLargeException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An {@link HttpSession} kept in Redis. Values are serialized when set, so a non-serializable value or an oversized
 * session fails at {@code setAttribute}, where the caller can see it. Changes are written back by
 * {@link SessionContext#commit()}: only the attributes set or removed (or, per save mode, also read) in this request.
 */
final class RedisHttpSession implements HttpSession {

    private final SessionContext context;
    private String id;
    private final long creationTime;
    private final long lastAccessedTime;
    private int maxInactiveSeconds;
    private final boolean isNew;
    private boolean invalid;

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, byte[]> bytes = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    private final Set<String> removed = new HashSet<>();
    private final Set<String> read = new HashSet<>();
    private final Set<String> watched = new HashSet<>();
    private boolean metadataChanged;
    private String storedPrincipal;
    private boolean remembered;
    private boolean persisted;
    private int size;

    RedisHttpSession(
            SessionContext context,
            String id,
            long creationTime,
            long lastAccessedTime,
            int maxInactiveSeconds,
            boolean isNew) {
        this.context = context;
        this.id = id;
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccessedTime;
        this.maxInactiveSeconds = maxInactiveSeconds;
        this.isNew = isNew;
        this.persisted = !isNew;
    }

    /** Puts a value read from Redis (no event, not dirty). */
    void restore(String name, Object value, byte[] stored) {
        values.put(name, value);
        bytes.put(name, stored);
        size += weight(name, stored);
    }

    /** What an attribute counts against {@code max-bytes}: its name (UTF-8) and its encoded value. */
    private static int weight(String name, byte[] encoded) {
        return name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + encoded.length;
    }

    /**
     * Refuses a commit whose writes — values re-encoded at commit, such as attributes mutated in place, included —
     * would make the session exceed {@code max-bytes}: the same refusal {@link #setAttribute} gives, before anything is
     * stored.
     */
    void checkSize(Map<String, byte[]> writes) {
        int total = size;
        String grown = null;
        int growth = Integer.MIN_VALUE;
        for (Map.Entry<String, byte[]> write : writes.entrySet()) {
            byte[] old = bytes.get(write.getKey());
            int delta = weight(write.getKey(), write.getValue()) - (old == null ? 0 : weight(write.getKey(), old));
            total += delta;
            if (delta > growth) {
                growth = delta;
                grown = write.getKey();
            }
        }
        int max = context.settings().maxBytes();
        if (total > max) {
            throw new SessionTooLargeException(id, grown, total, max);
        }
    }

    /** The writes of a commit are stored: their encodings are what the session now holds. */
    void stored(Map<String, byte[]> writes) {
        for (Map.Entry<String, byte[]> write : writes.entrySet()) {
            byte[] old = bytes.put(write.getKey(), write.getValue());
            size += weight(write.getKey(), write.getValue()) - (old == null ? 0 : weight(write.getKey(), old));
        }
    }

    /**
     * Has the commit re-encode {@code name} and store it when its bytes differ from what the session holds: for
     * values changed in place without a {@code setAttribute} ({@code @SessionScoped} bean instances). Stays watched
     * for the rest of the request, so a change after an early commit is stored by the next one.
     */
    void watch(String name) {
        watched.add(name);
    }

    /** The principal the session is indexed under in Redis ({@code _principal}), or null. */
    String storedPrincipal() {
        return storedPrincipal;
    }

    void storedPrincipal(String principal) {
        this.storedPrincipal = principal;
    }

    /** Whether the session's cookie is persistent (remember me), as stored. */
    boolean remembered() {
        return remembered;
    }

    void remembered(boolean remembered) {
        this.remembered = remembered;
    }

    /** An attribute's value without counting it as read (for redkit's own looks, e.g. the principal attribute). */
    Object peek(String name) {
        return values.get(name);
    }

    SessionSupport support() {
        return context.support();
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return creationTime;
    }

    @Override
    public String getId() {
        return id;
    }

    void changeId(String newId) {
        this.id = newId;
    }

    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return context.servletContext();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        this.maxInactiveSeconds = interval <= 0 ? -1 : interval;
        this.metadataChanged = true;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        Object value = values.get(name);
        if (value != null) {
            read.add(name);
            if (context.settings().watches(name)) {
                watched.add(name); // a library's state it changes in place (Faces)
            }
        }
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(new HashSet<>(values.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (name == null) {
            throw new IllegalArgumentException("Session attribute name must not be null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        byte[] encoded = context.codec().encode(name, value);
        byte[] previousBytes = bytes.get(name);
        int newSize = size - (previousBytes == null ? 0 : weight(name, previousBytes)) + weight(name, encoded);
        if (newSize > context.settings().maxBytes()) {
            throw new SessionTooLargeException(
                    id, name, newSize, context.settings().maxBytes());
        }
        Object previous = values.put(name, value);
        bytes.put(name, encoded);
        size = newSize;
        changed.add(name);
        removed.remove(name);
        if (context.settings().watches(name)) {
            watched.add(name);
        }
        if (previous == null) {
            context.listeners().added(this, name, value);
        } else {
            context.listeners().replaced(this, name, previous, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        Object previous = values.remove(name);
        byte[] previousBytes = bytes.remove(name);
        if (previous != null) {
            size -= weight(name, previousBytes);
            changed.remove(name);
            removed.add(name);
            context.listeners().removed(this, name, previous);
        }
    }

    @Override
    public void invalidate() {
        checkValid("invalidate");
        end();
        invalid = true;
        context.invalidated(this);
    }

    /**
     * The session's end, wherever it happens (invalidated, expired, ended by its principal's cap or {@link
     * PrincipalSessions}): {@code sessionDestroyed} and {@code @BeforeDestroyed}, every attribute unbound (so
     * {@code @PreDestroy} of its session-scoped beans), then {@code @Destroyed}.
     */
    void end() {
        context.listeners().destroyed(this);
        unbindAll();
        context.listeners().ended(this);
    }

    /** Tells every attribute's binding listener and the attribute listeners that the session lets go of it. */
    private void unbindAll() {
        for (String name : Set.copyOf(values.keySet())) {
            context.listeners().removed(this, name, values.get(name));
        }
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    boolean isInvalid() {
        return invalid;
    }

    boolean isPersisted() {
        return persisted;
    }

    void markPersisted() {
        persisted = true;
    }

    void markUnpersisted() {
        persisted = false;
    }

    int size() {
        return size;
    }

    /**
     * What {@link SessionContext#commit()} must write, per the save mode; cleared by {@link #clearChanges()}. Values
     * set in the request are written as encoded by {@code setAttribute} unless watched; values only read (per the
     * save mode) or watched are re-encoded and written only if their bytes changed.
     */
    Map<String, byte[]> pendingWrites(SessionSettings.SaveMode mode) {
        Map<String, byte[]> writes = new HashMap<>();
        Set<String> names;
        if (!persisted || mode == SessionSettings.SaveMode.ALWAYS) {
            names = values.keySet();
        } else {
            names = new HashSet<>(changed);
            names.addAll(watched);
            if (mode == SessionSettings.SaveMode.ON_GET_ATTRIBUTE) {
                names.addAll(read);
            }
        }
        for (String name : names) {
            Object value = values.get(name);
            if (value == null) {
                continue;
            }
            boolean set = changed.contains(name);
            byte[] encoded = set && !watched.contains(name)
                    ? bytes.get(name)
                    : context.codec().encode(name, value);
            if (persisted
                    && !set
                    && mode != SessionSettings.SaveMode.ALWAYS
                    && java.util.Arrays.equals(encoded, bytes.get(name))) {
                continue; // what Redis holds already
            }
            writes.put(name, encoded);
        }
        return writes;
    }

    /** Whether a commit with no attribute to write must still save (new session, new timeout, removals). */
    boolean mustSaveWithoutWrites() {
        return !persisted || metadataChanged || !removed.isEmpty();
    }

    Set<String> pendingRemovals() {
        return removed;
    }

    boolean hasPendingChanges(SessionSettings.SaveMode mode) {
        return !persisted
                || metadataChanged
                || !changed.isEmpty()
                || !removed.isEmpty()
                || (mode == SessionSettings.SaveMode.ON_GET_ATTRIBUTE && !read.isEmpty())
                || !watched.isEmpty()
                || (mode == SessionSettings.SaveMode.ALWAYS && !values.isEmpty());
    }

    void clearChanges() {
        changed.clear();
        removed.clear();
        read.clear();
        metadataChanged = false;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private void checkValid(String method) {
        if (invalid) {
            throw new IllegalStateException(
                    method + ": session " + SessionContext.shortId(id) + " has been invalidated");
        }
    }
}
