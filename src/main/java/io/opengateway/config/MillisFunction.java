package io.opengateway.config;

import org.apache.camel.spi.PropertiesFunction;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code {{ms:5s}}} → {@code 5000}. docs/api.md's timeouts are durations ("5s", "120s"); camel-http's
 * endpoint options take milliseconds. Found by Camel through its properties-function service file.
 */
public class MillisFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "ms";
    }

    @Override
    public String apply(String remainder) {
        return Long.toString(DurationStyle.detectAndParse(remainder.trim()).toMillis());
    }
}
