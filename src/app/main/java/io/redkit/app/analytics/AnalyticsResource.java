package io.redkit.app.analytics;

import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RedissonClient;

/** {@code /api/analytics}: record page views; query views, unique visitors, active users, retention, flags. */
@Path("analytics")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    static final String PAGE = "/[A-Za-z0-9._/-]{0,127}";
    static final String USER = "[A-Za-z0-9._@-]{1,64}";

    /** Body of {@code POST /api/analytics/events}; {@code day} defaults to today (UTC). */
    public record PageView(
            @NotNull @Pattern(regexp = PAGE, message = "must be a path like /products/42") String page,
            @NotNull @Pattern(regexp = USER, message = "must be 1 to 64 of A-Za-z0-9._@-") String user,
            @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date like 2026-11-22") String day) {}

    /** Body of {@code PUT /api/analytics/flags/{flag}/users/{user}}. */
    public record Flag(@NotNull Boolean enabled) {}

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    @ConfigProperty(name = "redkit.app.analytics.retention", defaultValue = "P400D")
    Duration retention;

    private Analytics analytics;

    @PostConstruct
    void init() {
        analytics = new Analytics(redisson, keys, retention);
    }

    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> record(@Valid @NotNull PageView view) {
        LocalDate day = view.day() == null ? today() : date("day", view.day());
        long views = analytics.record(view.page(), view.user(), day);
        return Map.of("page", view.page(), "day", day.toString(), "views", views);
    }

    @GET
    @Path("pageviews")
    public Map<String, Object> pageViews(
            @QueryParam("page") @NotNull @Pattern(regexp = PAGE, message = "must be a path like /products/42")
                    String page,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        LocalDate[] range = range(from, to);
        Map<String, Long> days = new LinkedHashMap<>();
        analytics.pageViews(page, range[0], range[1]).forEach((day, n) -> days.put(day.toString(), n));
        return Map.of(
                "page",
                page,
                "days",
                days,
                "total",
                days.values().stream().mapToLong(Long::longValue).sum());
    }

    @GET
    @Path("unique-visitors")
    public Map<String, Object> uniqueVisitors(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate[] range = range(from, to);
        return Map.of(
                "from", range[0].toString(),
                "to", range[1].toString(),
                "uniqueVisitors", analytics.uniqueVisitors(range[0], range[1]),
                "standardError", 0.0081);
    }

    @GET
    @Path("active-users")
    public Map<String, Object> dailyActiveUsers(@QueryParam("day") String day) {
        LocalDate d = day == null ? today() : date("day", day);
        return Map.of("day", d.toString(), "activeUsers", analytics.dailyActiveUsers(d));
    }

    @GET
    @Path("retention")
    public Analytics.Retention retention(
            @QueryParam("cohort") @NotNull String cohort,
            @QueryParam("days") @DefaultValue("1") @Min(1) @Max(366) int days) {
        return analytics.retention(date("cohort", cohort), days);
    }

    @PUT
    @Path("flags/{flag}/users/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> setFlag(
            @PathParam("flag") @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be 1 to 64 of a-z0-9-") String flag,
            @PathParam("user") @Pattern(regexp = USER, message = "must be 1 to 64 of A-Za-z0-9._@-") String user,
            @Valid @NotNull Flag body) {
        analytics.setFlag(flag, user, body.enabled());
        return Map.of("flag", flag, "user", user, "enabled", body.enabled());
    }

    @GET
    @Path("flags/{flag}/users/{user}")
    public Map<String, Object> flag(
            @PathParam("flag") @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be 1 to 64 of a-z0-9-") String flag,
            @PathParam("user") @Pattern(regexp = USER, message = "must be 1 to 64 of A-Za-z0-9._@-") String user) {
        return Map.of("flag", flag, "user", user, "enabled", analytics.flag(flag, user));
    }

    private static LocalDate[] range(String from, String to) {
        LocalDate end = to == null ? today() : date("to", to);
        LocalDate start = from == null ? end : date("from", from);
        if (start.isAfter(end)) {
            throw new BadRequestException("'from' (" + start + ") is after 'to' (" + end + ")");
        }
        if (start.plusDays(366).isBefore(end)) {
            throw new BadRequestException("a range covers at most 366 days");
        }
        return new LocalDate[] {start, end};
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' must be a date like 2026-11-22, was '" + value + "'");
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
