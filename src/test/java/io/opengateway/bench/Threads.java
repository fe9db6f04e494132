package io.opengateway.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A thread per task: virtual threads where the JDK has them (21+), platform threads on 17. */
final class Threads {

    private Threads() {
    }

    static ExecutorService perTask() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool();
        }
    }
}
