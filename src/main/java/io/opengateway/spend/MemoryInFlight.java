package io.opengateway.spend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link InFlight} in this process's memory: the embedded single-node gateway (H2). */
final class MemoryInFlight implements InFlight {

    private static final class Entry {
        long amount;
        boolean active;
    }

    private final ConcurrentHashMap<String, Map<String, Entry>> scopes = new ConcurrentHashMap<>();

    private Map<String, Entry> of(String scope) {
        return scopes.computeIfAbsent(scope, s -> new HashMap<>());
    }

    @Override
    public synchronized Refusal admit(String requestId, List<Check> checks, long amountNanos) {
        for (Check c : checks) {
            Map<String, Entry> m = of(c.scope());
            int active = 0;
            long reserved = 0;
            for (Entry e : m.values()) {
                reserved += e.amount;
                active += e.active ? 1 : 0;
            }
            if (c.maxConcurrent() >= 0 && active >= c.maxConcurrent()) {
                return new Refusal(c.scope(), false, active, reserved);
            }
            if (c.headroomNanos() >= 0 && reserved + amountNanos > c.headroomNanos()) {
                return new Refusal(c.scope(), true, active, reserved);
            }
        }
        for (Check c : checks) {
            Entry e = new Entry();
            e.amount = amountNanos;
            e.active = true;
            of(c.scope()).put(requestId, e);
        }
        return null;
    }

    @Override
    public synchronized void finish(String requestId, List<String> scopeList, long amountNanos) {
        for (String s : scopeList) {
            Entry e = of(s).get(requestId);
            if (e != null) {
                e.active = false;
                e.amount = amountNanos;
            }
        }
    }

    @Override
    public synchronized void recorded(String requestId, List<String> scopeList) {
        for (String s : scopeList) {
            Map<String, Entry> m = scopes.get(s);
            if (m != null) {
                m.remove(requestId);
            }
        }
    }

    @Override
    public void renew(String requestId, List<String> scopeList) {
        // nothing outlives this process here
    }

    @Override
    public synchronized long reserved(String scope) {
        long sum = 0;
        for (Entry e : of(scope).values()) {
            sum += e.amount;
        }
        return sum;
    }
}
