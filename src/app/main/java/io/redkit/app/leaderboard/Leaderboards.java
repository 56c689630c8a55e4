package io.redkit.app.leaderboard;

import io.redkit.redis.RedkitKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

/**
 * Leaderboards on Redis sorted sets, {@code <prefix>:leaderboard:{<board>}:scores}. Scores are stored negated so
 * that an ascending sorted set lists the best first <em>and</em> breaks ties by player name ascending (Redis orders
 * equal scores lexicographically): ranks are deterministic. Every write pushes the board's expiry out by the
 * default TTL, or, for a seasonal board, keeps it at the season's end ({@code <prefix>:leaderboard:{<board>}:meta}).
 * Each write is one script, one round trip.
 */
public final class Leaderboards {

    static final String FEATURE = "leaderboard";

    private static final String WRITE =
            """
            local score
            if ARGV[1] == 'set' then
              redis.call('ZADD', KEYS[1], -tonumber(ARGV[3]), ARGV[2])
              score = tonumber(ARGV[3])
            else
              score = -tonumber(redis.call('ZINCRBY', KEYS[1], -tonumber(ARGV[3]), ARGV[2]))
            end
            local season = redis.call('HGET', KEYS[2], 'expiresAt')
            if season then
              redis.call('PEXPIREAT', KEYS[1], season)
            else
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
            end
            return tostring(score)
            """;

    private static final String SEASON =
            """
            redis.call('HSET', KEYS[2], 'expiresAt', ARGV[1])
            redis.call('PEXPIREAT', KEYS[2], ARGV[1])
            if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
            return 1
            """;

    /** A player's place: 1-based rank (best first) and score. */
    public record Entry(long rank, String player, double score) {}

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final Duration ttl;

    public Leaderboards(RedissonClient redisson, RedkitKeys keys, Duration ttl) {
        this.redisson = redisson;
        this.keys = keys;
        this.ttl = ttl;
    }

    public double set(String board, String player, double score) {
        return write(board, "set", player, score);
    }

    public double increment(String board, String player, double by) {
        return write(board, "incr", player, by);
    }

    /** Makes the board seasonal: it (and everything written to it later) expires at {@code end}. */
    public void endSeasonAt(String board, Instant end) {
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        SEASON,
                        RScript.ReturnType.INTEGER,
                        List.of(scoresKey(board), metaKey(board)),
                        end.toEpochMilli());
    }

    /** The best {@code n}, best first. */
    public List<Entry> top(String board, int n) {
        return entries(scores(board).entryRange(0, n - 1), 1);
    }

    public Optional<Entry> player(String board, String player) {
        RScoredSortedSet<String> scores = scores(board);
        Integer rank = scores.rank(player);
        if (rank == null) {
            return Optional.empty();
        }
        Double stored = scores.getScore(player);
        return Optional.of(new Entry(rank + 1L, player, -stored));
    }

    /** The player with up to {@code range} players above and below; empty if the player is not on the board. */
    public Optional<List<Entry>> around(String board, String player, int range) {
        RScoredSortedSet<String> scores = scores(board);
        Integer rank = scores.rank(player);
        if (rank == null) {
            return Optional.empty();
        }
        int from = Math.max(0, rank - range);
        return Optional.of(entries(scores.entryRange(from, rank + range), from + 1L));
    }

    public boolean remove(String board, String player) {
        return scores(board).remove(player);
    }

    private double write(String board, String mode, String player, double value) {
        String result = redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        WRITE,
                        RScript.ReturnType.VALUE,
                        List.of(scoresKey(board), metaKey(board)),
                        mode,
                        player,
                        value,
                        ttl.toMillis());
        return Double.parseDouble(result);
    }

    private static List<Entry> entries(Collection<ScoredEntry<String>> range, long firstRank) {
        List<Entry> entries = new ArrayList<>(range.size());
        long rank = firstRank;
        for (ScoredEntry<String> entry : range) {
            entries.add(new Entry(rank++, entry.getValue(), -entry.getScore()));
        }
        return entries;
    }

    private RScoredSortedSet<String> scores(String board) {
        return redisson.getScoredSortedSet(scoresKey(board), StringCodec.INSTANCE);
    }

    String scoresKey(String board) {
        return keys.tagged(FEATURE, board, "scores");
    }

    private String metaKey(String board) {
        return keys.tagged(FEATURE, board, "meta");
    }
}
