package io.opengateway.config;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Merges the gateway's defaults (META-INF/opengateway/defaults.yaml) into Spring's default
 * properties, the lowest-ranked source, without replacing any default the application set: in
 * any application that embeds the gateway, everything the application says wins.
 */
public class GatewayDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load("opengatewayDefaults", new ClassPathResource("META-INF/opengateway/defaults.yaml"))) {
                if (source instanceof EnumerablePropertySource<?> e) {
                    for (String name : e.getPropertyNames()) {
                        defaults.put(name, String.valueOf(e.getProperty(name)));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gateway's defaults", e);
        }
        // addOrMerge lets the merged-in map win: put the application's defaults over ours first
        if (env.getPropertySources().get(DefaultPropertiesPropertySource.NAME) instanceof EnumerablePropertySource<?> app) {
            for (String name : app.getPropertyNames()) {
                defaults.put(name, app.getProperty(name));
            }
        }
        DefaultPropertiesPropertySource.addOrMerge(defaults, env.getPropertySources());
    }
}
