package io.opengateway.spend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * {@link InFlight} in Redis: one hash per scope ({@code og:inflight:<scope>}), a field per request
 * holding {@code amount:deadline:active}. Each operation is one Lua script, so an admission checks
 * and takes every scope atomically against all replicas; expired fields (a crashed replica's) are
 * dropped by the next admission of their scope.
 */
final class RedisInFlight implements InFlight {


    // KEYS: the scopes' hashes. ARGV: now, request id, amount, deadline, hash ttl, then per scope max-concurrent
    // and headroom (-1: none). Returns {0} when admitted, else {scope index, 1 budget / 0 slots, active, reserved}.
    private static final String ADMIT = """
            local now = tonumber(ARGV[1])
            local amount = tonumber(ARGV[3])
            for i, k in ipairs(KEYS) do
              local maxc = tonumber(ARGV[4 + 2 * i])
              local room = tonumber(ARGV[5 + 2 * i])
              local all = redis.call('HGETALL', k)
              local active, sum = 0, 0
              for j = 1, #all, 2 do
                local a, d, act = string.match(all[j + 1], '^(%d+):(%d+):(%d)$')
                if tonumber(d) < now then
                  redis.call('HDEL', k, all[j])
                else
                  sum = sum + tonumber(a)
                  if act == '1' then active = active + 1 end
                end
              end
              if maxc >= 0 and active >= maxc then return {i, 0, active, sum} end
              if room >= 0 and sum + amount > room then return {i, 1, active, sum} end
            end
            for i, k in ipairs(KEYS) do
              redis.call('HSET', k, ARGV[2], ARGV[3] .. ':' .. ARGV[4] .. ':1')
              redis.call('PEXPIRE', k, ARGV[5])
            end
            return {0}
            """;

    // ARGV: request id, amount ('' keeps it), deadline, active flag, hash ttl; a field that is gone stays gone.
    private static final String UPDATE = """
            for i, k in ipairs(KEYS) do
              local v = redis.call('HGET', k, ARGV[1])
              if v then
                local a = string.match(v, '^(%d+):')
                if ARGV[2] ~= '' then a = ARGV[2] end
                redis.call('HSET', k, ARGV[1], a .. ':' .. ARGV[3] .. ':' .. ARGV[4])
                redis.call('PEXPIRE', k, ARGV[5])
              end
            end
            return 0
            """;

    private static final String SUM = """
            local now = tonumber(ARGV[1])
            local all = redis.call('HGETALL', KEYS[1])
            local sum = 0
            for j = 1, #all, 2 do
              local a, d = string.match(all[j + 1], '^(%d+):(%d+):')
              if tonumber(d) >= now then sum = sum + tonumber(a) end
            end
            return sum
            """;

    private final String prefix;
    private final RedisLink link;
    private final long slotTtlMillis;
    private final long settledHoldMillis;

    RedisInFlight(RedisLink link, SpendSettings settings) {
        this.link = link;
        this.prefix = settings.redisPrefix() + "inflight:";
        this.slotTtlMillis = settings.slotTtl().toMillis();
        this.settledHoldMillis = settings.settledHold().toMillis();
    }

    private RedisCommands<String, byte[]> redis() {
        return link.connection().sync();
    }

    @Override
    public Refusal admit(String requestId, List<Check> checks, long amountNanos) {
        return RateLimits.join(admitAsync(requestId, checks, amountNanos));
    }

    @Override
    public boolean remote() {
        return true;
    }

    /** One Lua call sent on the shared connection (Lettuce pipelines it with the bucket commands). */
    @Override
    public CompletableFuture<Refusal> admitAsync(String requestId, List<Check> checks, long amountNanos) {
        long now = System.currentTimeMillis();
        String[] keys = new String[checks.size()];
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(now));
        args.add(bytes(requestId));
        args.add(bytes(amountNanos));
        args.add(bytes(now + slotTtlMillis));
        args.add(bytes(hashTtl()));
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            keys[i] = prefix + c.scope();
            args.add(bytes(c.maxConcurrent()));
            args.add(bytes(c.headroomNanos()));
        }
        CompletableFuture<List<Object>> sent;
        try {
            sent = link.connection().async().<List<Object>>eval(ADMIT, ScriptOutputType.MULTI, keys,
                    args.toArray(new byte[0][])).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.thenApply(r -> refusal(checks, r));
    }

    private static Refusal refusal(List<Check> checks, List<Object> r) {
        int index = ((Long) r.get(0)).intValue();
        if (index == 0) {
            return null;
        }
        return new Refusal(checks.get(index - 1).scope(), (Long) r.get(1) == 1, ((Long) r.get(2)).intValue(),
                (Long) r.get(3));
    }

    @Override
    public void finish(String requestId, List<String> scopes, long amountNanos) {
        RateLimits.join(finishAsync(requestId, scopes, amountNanos));
    }

    /**
     * Sent on the shared connection without waiting: Redis runs this replica's commands in the order
     * they were sent, so the next admission from here already sees the slot free.
     */
    @Override
    public CompletableFuture<?> finishAsync(String requestId, List<String> scopes, long amountNanos) {
        try {
            return link.connection().async().eval(UPDATE, ScriptOutputType.INTEGER, keys(scopes), bytes(requestId),
                    bytes(amountNanos), bytes(System.currentTimeMillis() + settledHoldMillis), bytes("0"),
                    bytes(hashTtl())).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void renew(String requestId, List<String> scopes) {
        update(scopes, requestId, new byte[0], System.currentTimeMillis() + slotTtlMillis, "1");
    }

    private void update(List<String> scopes, String requestId, byte[] amount, long deadline, String active) {
        redis().eval(UPDATE, ScriptOutputType.INTEGER, keys(scopes), bytes(requestId), amount, bytes(deadline),
                bytes(active), bytes(hashTtl()));
    }

    @Override
    public void recorded(String requestId, List<String> scopes) {
        RedisCommands<String, byte[]> r = redis();
        for (String k : keys(scopes)) {
            r.hdel(k, requestId);
        }
    }

    @Override
    public long reserved(String scope) {
        Long sum = redis().eval(SUM, ScriptOutputType.INTEGER, new String[] {prefix + scope},
                bytes(System.currentTimeMillis()));
        return sum == null ? 0 : sum;
    }

    /** A scope's hash outlives its newest entry's deadline; idle scopes leave nothing behind. */
    private long hashTtl() {
        return Math.max(slotTtlMillis, settledHoldMillis) + 1000;
    }

    private String[] keys(List<String> scopes) {
        String[] keys = new String[scopes.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = prefix + scopes.get(i);
        }
        return keys;
    }

    private static byte[] bytes(Object v) {
        return String.valueOf(v).getBytes(StandardCharsets.UTF_8);
    }
}
