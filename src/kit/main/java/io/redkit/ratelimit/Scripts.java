package io.redkit.ratelimit;

/**
 * The Lua scripts of {@link Algorithm}. Common contract: KEYS[i] is the key of limit i; ARGV[1] is '1' for a dry run
 * (report, change nothing), ARGV[2] a unique request id (sliding log only), ARGV[3] the request's cost in permits
 * (at least 1, at most the smallest count: the caller checks), then for each limit its count and window (ms). A
 * request is admitted only when every limit has room for its whole cost, and then counted in all of them. The result
 * describes the limit with the fewest permits left (on a rejection: the violated one).
 */
final class Scripts {

    private Scripts() {}

    private static final String NOW =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local dry = ARGV[1] == '1'
            local cost = tonumber(ARGV[3])
            local n = #KEYS
            """;

    /**
     * Picks the reported limit: on rejection the violated one with the longest wait; otherwise the one with the
     * fewest remaining. Expects arrays lim, rem, reset, retry, over (1 when limit i would be exceeded).
     */
    private static final String RESULT =
            """
            local allowed = 1
            for i = 1, n do if over[i] == 1 then allowed = 0 end end
            local pick = 1
            for i = 1, n do
              if allowed == 0 then
                if over[i] == 1 and (over[pick] == 0 or retry[i] > retry[pick]) then pick = i end
              elseif rem[i] < rem[pick] or (rem[i] == rem[pick] and reset[i] > reset[pick]) then pick = i end
            end
            """;

    private static final String RETURN =
            """
            local remaining = rem[pick]
            if allowed == 1 and not dry then remaining = remaining - cost end
            if remaining < 0 then remaining = 0 end
            local wait = 0
            if allowed == 0 then wait = retry[pick] end
            return {allowed, lim[pick], math.floor(remaining), math.ceil(reset[pick]), math.ceil(wait), pick}
            """;

    static final String FIXED_WINDOW = NOW
            + """
            local lim, rem, reset, retry, over, cur, win = {}, {}, {}, {}, {}, {}, {}
            for i = 1, n do
              local limit = tonumber(ARGV[2 + 2 * i]); local window = tonumber(ARGV[3 + 2 * i])
              local w = math.floor(now / window)
              local stored = redis.call('HMGET', KEYS[i], 'w', 'c')
              local c = 0
              if stored[1] and tonumber(stored[1]) == w then c = tonumber(stored[2]) end
              lim[i] = limit; rem[i] = limit - c; cur[i] = c; win[i] = w
              reset[i] = (w + 1) * window - now
              retry[i] = reset[i]
              if c + cost > limit then over[i] = 1 else over[i] = 0 end
            end
            """
            + RESULT
            + """
            if allowed == 1 and not dry then
              for i = 1, n do
                redis.call('HSET', KEYS[i], 'w', win[i], 'c', cur[i] + cost)
                redis.call('PEXPIRE', KEYS[i], math.ceil(reset[i]) + 1000)
              end
            end
            """
            + RETURN;

    static final String SLIDING_LOG = NOW
            + """
            local lim, rem, reset, retry, over = {}, {}, {}, {}, {}
            for i = 1, n do
              local limit = tonumber(ARGV[2 + 2 * i]); local window = tonumber(ARGV[3 + 2 * i])
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
              local c = redis.call('ZCARD', KEYS[i])
              lim[i] = limit; rem[i] = limit - c
              local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
              if oldest[2] then reset[i] = tonumber(oldest[2]) + window - now else reset[i] = window end
              if c + cost > limit then
                over[i] = 1
                -- room for the cost once the (c + cost - limit) oldest entries have left the window
                local freeing = redis.call('ZRANGE', KEYS[i], c + cost - limit - 1, c + cost - limit - 1, 'WITHSCORES')
                retry[i] = tonumber(freeing[2]) + window - now
              else
                over[i] = 0; retry[i] = 0
              end
            end
            """
            + RESULT
            + """
            if allowed == 1 and not dry then
              for i = 1, n do
                for j = 1, cost do redis.call('ZADD', KEYS[i], now, now .. ':' .. ARGV[2] .. ':' .. j) end
                redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3 + 2 * i]))
              end
            end
            """
            + RETURN;

    static final String SLIDING_WINDOW = NOW
            + """
            local lim, rem, reset, retry, over, cur, prev, win = {}, {}, {}, {}, {}, {}, {}, {}
            for i = 1, n do
              local limit = tonumber(ARGV[2 + 2 * i]); local window = tonumber(ARGV[3 + 2 * i])
              local w = math.floor(now / window)
              local stored = redis.call('HMGET', KEYS[i], 'w', 'c', 'p')
              local c, p = 0, 0
              if stored[1] then
                local sw = tonumber(stored[1])
                if sw == w then c = tonumber(stored[2]); p = tonumber(stored[3])
                elseif sw == w - 1 then p = tonumber(stored[2]) end
              end
              local elapsed = now - w * window
              local estimate = p * (window - elapsed) / window + c
              lim[i] = limit; rem[i] = math.floor(limit - estimate); cur[i] = c; prev[i] = p; win[i] = w
              reset[i] = (w + 1) * window - now
              if estimate + cost > limit then
                over[i] = 1
                if c + cost <= limit and p > 0 then
                  retry[i] = math.max(1, window * (1 - (limit - cost - c) / p) - elapsed)
                else
                  retry[i] = reset[i]
                end
              else
                over[i] = 0; retry[i] = 0
              end
            end
            """
            + RESULT
            + """
            if allowed == 1 and not dry then
              for i = 1, n do
                redis.call('HSET', KEYS[i], 'w', win[i], 'c', cur[i] + cost, 'p', prev[i])
                redis.call('PEXPIRE', KEYS[i], math.ceil(reset[i]) + tonumber(ARGV[3 + 2 * i]))
              end
            end
            """
            + RETURN;

    /**
     * Keeps what was taken ({@code used}, draining at {@code count} per window) rather than the tokens left, so that a
     * capacity changed at runtime applies to what was already taken: lowered below it, nothing is admitted until
     * enough has drained; raised, the difference is there at once.
     */
    static final String TOKEN_BUCKET = NOW
            + """
            local lim, rem, reset, retry, over, taken = {}, {}, {}, {}, {}, {}
            for i = 1, n do
              local capacity = tonumber(ARGV[2 + 2 * i]); local window = tonumber(ARGV[3 + 2 * i])
              local rate = capacity / window
              local stored = redis.call('HMGET', KEYS[i], 'used', 'ts')
              local used = 0
              if stored[1] then
                used = math.max(0, tonumber(stored[1]) - math.max(0, now - tonumber(stored[2])) * rate)
              end
              local available = capacity - used
              taken[i] = used
              lim[i] = capacity; rem[i] = math.floor(available)
              if available >= cost then
                over[i] = 0; retry[i] = 0
                reset[i] = (used + cost) / rate
              else
                over[i] = 1; retry[i] = (cost - available) / rate
                reset[i] = used / rate
              end
            end
            """
            + RESULT
            + """
            if allowed == 1 and not dry then
              for i = 1, n do
                local window = tonumber(ARGV[3 + 2 * i])
                redis.call('HSET', KEYS[i], 'used', tostring(taken[i] + cost), 'ts', now)
                redis.call('PEXPIRE', KEYS[i], window + 1000)
              end
            end
            """
            + RETURN;
}
