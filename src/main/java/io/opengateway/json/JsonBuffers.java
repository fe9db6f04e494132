package io.opengateway.json;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson keeps its read and write buffers (several KiB) per thread by default, for as long as
 * the thread lives. On Java 21+ every request, a stream too, runs on a virtual thread of its own
 * that lives as long as the request: 10,000 open streams then held 10,000 sets. Mappers given
 * here take their buffers from one shared pool and give them back after each read or write.
 */
public final class JsonBuffers {

    private JsonBuffers() {
    }

    /** The mapper, its buffers now from the shared pool. */
    public static <M extends ObjectMapper> M pooled(M mapper) {
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
        return mapper;
    }
}
