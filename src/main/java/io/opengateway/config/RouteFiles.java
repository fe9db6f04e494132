package io.opengateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the route files ({@code opengateway.routes}) and the catalog ({@code opengateway.catalog})
 * are read from. The standalone gateway reads the operator's {@code routes/} folder; when none of
 * the configured folders exists (the jar run from any other folder, as a downloaded release is) it
 * runs on the files packaged in the jar instead. A folder that exists is read as it is, so one
 * with a broken or missing file still stops the start. The set in use is logged once.
 */
@Component
public class RouteFiles {

    public static final String PACKAGED_ROUTES = "classpath:opengateway/routes/*.yaml";
    public static final String PACKAGED_CATALOG = "classpath:opengateway/routes/catalog/*.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    private final String routes;
    private final String catalog;

    public RouteFiles(@Value("${opengateway.routes}") String routes, GatewayProperties properties) {
        List<Path> folders = folders(routes + "," + properties.catalog());
        if (!folders.isEmpty() && folders.stream().noneMatch(Files::exists)) {
            this.routes = PACKAGED_ROUTES;
            this.catalog = PACKAGED_CATALOG;
            LOG.info("Routes and catalog: the files packaged in the jar, as no folder {} exists (opengateway.routes "
                    + "'{}', opengateway.catalog '{}')", String.join(" or ", folders.stream().map(Path::toString).toList()),
                    routes, properties.catalog());
        } else {
            this.routes = routes;
            this.catalog = properties.catalog();
            LOG.info("Routes: '{}', catalog: '{}'", routes, catalog);
        }
    }

    public String routes() {
        return routes;
    }

    public String catalog() {
        return catalog;
    }

    /**
     * The folders (absolute) that the comma-separated patterns read, or none when any of them is
     * not a {@code file:} pattern: a set that names packaged files never falls back.
     */
    static List<Path> folders(String patterns) {
        List<Path> folders = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            String p = pattern.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.startsWith("file:")) {
                return List.of();
            }
            Path folder = Path.of(root(p.substring("file:".length()).replaceFirst("^//(?=/)", ""))).toAbsolutePath().normalize();
            if (!folders.contains(folder)) {
                folders.add(folder);
            }
        }
        return folders;
    }

    /** The part of a path pattern before its first segment with a wildcard ("routes" of "routes/*.yaml"). */
    private static String root(String path) {
        int wildcard = indexOfAny(path, "*?{[");
        if (wildcard < 0) {
            return path;
        }
        int slash = path.lastIndexOf('/', wildcard);
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
