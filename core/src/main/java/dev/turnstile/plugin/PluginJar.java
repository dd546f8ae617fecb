package dev.turnstile.plugin;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * One jar of the plugins folder: checked as a file before any of its classes is loaded, then
 * searched for plugins and lone handlers through its own class loader.
 */
final class PluginJar {

    private final Path file;
    private final Origin origin;
    private final Map<ProviderKind, List<String>> listed;

    private PluginJar(Path file, Origin origin, Map<ProviderKind, List<String>> listed) {
        this.file = file;
        this.origin = origin;
        this.listed = listed;
    }

    /**
     * Reads the jar's entries and its own provider-configuration files, and refuses it when it is
     * not a jar, bundles the server's classes, or lists a class that its loader would not define.
     *
     * @param file the jar
     * @param shownName how messages name it, such as {@code plugins/x.jar}
     * @param parent the server's class loader
     * @param bundled the check for classes a plugin must not carry
     * @return the checked jar
     * @throws StartupException naming the jar and what is wrong with it
     */
    static PluginJar inspect(Path file, String shownName, ClassLoader parent, BundledClasses bundled)
            throws StartupException {
        Origin origin = Origin.pluginJar(shownName);
        Set<String> entries = new HashSet<>();
        Map<ProviderKind, List<String>> listed = new EnumMap<>(ProviderKind.class);
        try (JarFile jar = new JarFile(file.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            Optional<BundledClasses.Copy> copy = bundled.first(names);
            if (copy.isPresent()) {
                throw new StartupException(origin.label() + " bundles its own copy of " + copy.get().entry()
                        + "; build it with " + copy.get().artifact() + " as a provided dependency");
            }
            entries.addAll(names);
            for (ProviderKind kind : ProviderKind.values()) {
                JarEntry services = jar.getJarEntry(kind.file());
                listed.put(kind, services == null ? List.of() : read(jar, services));
            }
        } catch (IOException | RuntimeException e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new StartupException(origin.label() + " cannot be opened as a jar (" + cause
                    + "); remove it or replace it with a real jar");
        }
        for (ProviderKind kind : ProviderKind.values()) {
            for (String name : listed.get(kind)) {
                String classFile = name.replace('.', '/') + ".class";
                URL fromServer = parent.getResource(classFile);
                if (fromServer != null) {
                    // The jar's loader asks the server first, so the class would silently be the server's.
                    throw new StartupException(origin.label() + " lists " + kind.noun() + " " + name + " in "
                            + kind.file() + ", but that class comes from the server's class path ("
                            + SourceNames.ofResource(fromServer) + "), not from the jar; remove one of the two");
                }
                if (!entries.contains(classFile)) {
                    throw LoadFailures.notInContainer(origin, kind, name);
                }
            }
        }
        return new PluginJar(file, origin, listed);
    }

    private static List<String> read(JarFile jar, JarEntry services) throws IOException {
        try (InputStream in = jar.getInputStream(services)) {
            return ServiceListing.parse(in);
        }
    }

    /** @return whether the jar lists no plugin and no handler */
    boolean listsNothing() {
        return listed.values().stream().allMatch(List::isEmpty);
    }

    /** @return the classes the jar lists, plugins then handlers, for the log */
    List<String> listed() {
        return listed.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Constructs the jar's plugins and lone handlers. Only providers defined by {@code loader}
     * itself count: it also sees every provider of the class path through its parent.
     *
     * @param loader the jar's own class loader
     * @return each plugin, with the jar's file name as its source
     * @throws StartupException naming the jar and the class that failed
     */
    List<LoadedPlugin> load(URLClassLoader loader) throws StartupException {
        String source = SourceNames.ofJar(file);
        return Providers.find(loader, listed, type -> type.getClassLoader() == loader, name -> origin, type -> source);
    }
}
