package io.redkit.app.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Leaderboards on a real Redis: ordering, deterministic ties, ranks, neighbours, expiry. */
class LeaderboardsTest {

    private static RedissonClient redisson;
    private static Leaderboards boards;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
        boards = new Leaderboards(redisson, new RedkitKeys("lbtest"), Duration.ofDays(1));
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    private static String board() {
        return "b-" + UUID.randomUUID();
    }

    @Test
    void top_BestFirst_TiesByPlayerNameAscending() {
        String board = board();
        boards.set(board, "carol", 50);
        boards.set(board, "bob", 70);
        boards.set(board, "alice", 70);
        boards.set(board, "dave", 10);
        List<Leaderboards.Entry> top = boards.top(board, 3);
        assertEquals(
                List.of(
                        new Leaderboards.Entry(1, "alice", 70),
                        new Leaderboards.Entry(2, "bob", 70),
                        new Leaderboards.Entry(3, "carol", 50)),
                top);
    }

    @Test
    void increment_AddsToTheScoreAndMovesTheRank() {
        String board = board();
        boards.set(board, "alice", 10);
        boards.set(board, "bob", 20);
        assertEquals(25.5, boards.increment(board, "alice", 15.5));
        assertEquals(
                new Leaderboards.Entry(1, "alice", 25.5),
                boards.player(board, "alice").orElseThrow());
        assertEquals(3, boards.increment(board, "newcomer", 3), "incrementing an absent player starts at 0");
        assertEquals(3, boards.player(board, "newcomer").orElseThrow().rank());
    }

    @Test
    void around_GivesNeighboursClippedAtTheTop() {
        String board = board();
        for (int i = 1; i <= 10; i++) {
            boards.set(board, "p" + i, i * 10);
        }
        List<Leaderboards.Entry> around = boards.around(board, "p9", 2).orElseThrow();
        assertEquals(
                List.of("p10", "p9", "p8", "p7"),
                around.stream().map(Leaderboards.Entry::player).toList());
        assertEquals(1, around.get(0).rank());
        assertTrue(boards.around(board, "nobody", 2).isEmpty());
    }

    @Test
    void remove_And_MissingPlayer() {
        String board = board();
        boards.set(board, "alice", 1);
        assertTrue(boards.remove(board, "alice"));
        assertFalse(boards.remove(board, "alice"));
        assertTrue(boards.player(board, "alice").isEmpty());
    }

    @Test
    void expiry_DefaultTtlOnWrite_SeasonEndWins() {
        String board = board();
        boards.set(board, "alice", 1);
        long ttl = redisson.getKeys().remainTimeToLive(boards.scoresKey(board));
        assertTrue(ttl > Duration.ofHours(23).toMillis(), "default TTL, was " + ttl);

        Instant end = Instant.now().plusSeconds(60);
        boards.endSeasonAt(board, end);
        boards.set(board, "bob", 2);
        long seasonTtl = redisson.getKeys().remainTimeToLive(boards.scoresKey(board));
        assertTrue(seasonTtl > 50_000 && seasonTtl <= 60_000, "expires at the season's end, was " + seasonTtl);
    }
}
