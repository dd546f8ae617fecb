package dev.turnstile.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads provider-configuration files the way {@link java.util.ServiceLoader} does, so that the
 * loader knows which class it is on when {@code ServiceLoader} fails without naming it.
 */
final class ServiceListing {

    private ServiceListing() {
    }

    /**
     * @param in a provider-configuration file, read to its end but not closed
     * @return the class names it lists, in order, without comments, blanks or repeats
     * @throws IOException when the file cannot be read
     */
    static List<String> parse(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Every class the loader's provider-configuration files of one service list, in the order
     * {@code ServiceLoader} will meet them.
     *
     * @param loader the class loader to search
     * @param kind the service
     * @return each listed class name with the file that first lists it
     * @throws IOException when a file cannot be read
     */
    static Map<String, URL> all(ClassLoader loader, ProviderKind kind) throws IOException {
        Map<String, URL> listed = new LinkedHashMap<>();
        for (URL file : Collections.list(loader.getResources(kind.file()))) {
            try (InputStream in = file.openStream()) {
                for (String name : parse(in)) {
                    listed.putIfAbsent(name, file);
                }
            }
        }
        return listed;
    }
}
