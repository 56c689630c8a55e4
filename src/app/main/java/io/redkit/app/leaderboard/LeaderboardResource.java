package io.redkit.app.leaderboard;

import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RedissonClient;

/** {@code /api/leaderboards/{board}}: scores, increments, top N, a player's rank, players around a player. */
@Path("leaderboards/{board}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardResource {

    static final String NAME = "[A-Za-z0-9._-]{1,64}";
    static final String NAME_MESSAGE = "must be 1 to 64 of A-Za-z0-9._-";
    static final String MAX_SCORE = "1000000000000000";

    /** Body of {@code POST .../scores}. */
    public record Score(
            @NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String player,
            @NotNull @DecimalMin("-" + MAX_SCORE) @DecimalMax(MAX_SCORE) Double score) {}

    /** Body of {@code POST .../scores/{player}/increment}. */
    public record Increment(@NotNull @DecimalMin("-" + MAX_SCORE) @DecimalMax(MAX_SCORE) Double by) {}

    /** Body of {@code PUT /api/leaderboards/{board}}: a seasonal board ends (expires) at {@code endsAt}. */
    public record Season(@NotNull @Future Instant endsAt) {}

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    @ConfigProperty(name = "redkit.app.leaderboard.ttl", defaultValue = "P90D")
    Duration ttl;

    private Leaderboards boards;

    @PostConstruct
    void init() {
        boards = new Leaderboards(redisson, keys, ttl);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> season(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @Valid @NotNull Season season) {
        boards.endSeasonAt(board, season.endsAt());
        return Map.of("board", board, "endsAt", season.endsAt().toString());
    }

    @POST
    @Path("scores")
    @Consumes(MediaType.APPLICATION_JSON)
    public Leaderboards.Entry set(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @Valid @NotNull Score body) {
        boards.set(board, body.player(), body.score());
        return boards.player(board, body.player()).orElseThrow();
    }

    @POST
    @Path("scores/{player}/increment")
    @Consumes(MediaType.APPLICATION_JSON)
    public Leaderboards.Entry increment(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @PathParam("player") @Pattern(regexp = NAME, message = NAME_MESSAGE) String player,
            @Valid @NotNull Increment body) {
        boards.increment(board, player, body.by());
        return boards.player(board, player).orElseThrow();
    }

    @GET
    @Path("top")
    public List<Leaderboards.Entry> top(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @QueryParam("n") @DefaultValue("10") @Min(1) @Max(100) int n) {
        return boards.top(board, n);
    }

    @GET
    @Path("players/{player}")
    public Leaderboards.Entry player(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @PathParam("player") @Pattern(regexp = NAME, message = NAME_MESSAGE) String player) {
        return boards.player(board, player).orElseThrow(() -> notOnBoard(board, player));
    }

    @GET
    @Path("players/{player}/around")
    public List<Leaderboards.Entry> around(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @PathParam("player") @Pattern(regexp = NAME, message = NAME_MESSAGE) String player,
            @QueryParam("range") @DefaultValue("5") @Min(0) @Max(50) int range) {
        return boards.around(board, player, range).orElseThrow(() -> notOnBoard(board, player));
    }

    @DELETE
    @Path("players/{player}")
    public void remove(
            @PathParam("board") @Pattern(regexp = NAME, message = NAME_MESSAGE) String board,
            @PathParam("player") @Pattern(regexp = NAME, message = NAME_MESSAGE) String player) {
        if (!boards.remove(board, player)) {
            throw notOnBoard(board, player);
        }
    }

    private static NotFoundException notOnBoard(String board, String player) {
        return new NotFoundException("Player '" + player + "' is not on leaderboard '" + board + "'");
    }
}
