package dev.turnstile.plugin;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar for a test: compiles plugin and handler sources against the test's class
 * path, writes the provider-configuration files and any extra entries, and jars it all.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.plugin()
 *         .tokenFreeHandler("com.example.Login", "/login")
 *         .handler("com.example.Ping", "/ping")
 *         .servingPlugin("com.example.Files", "com.example.Get", "/get")
 *         .write(pluginsDir.resolve("example.jar"));
 * }</pre>
 *
 * <p>The compiler needs the {@code dev.turnstile.spi} classes; they are found on
 * {@code java.class.path} and wherever {@link Handler} was loaded from.
 */
public final class PluginJarBuilder {

    private static final String SERVICES = "META-INF/services/" + Handler.class.getName();
    private static final String PLUGIN_SERVICES = "META-INF/services/" + Plugin.class.getName();

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Set<String> services = new LinkedHashSet<>();
    private final Set<String> pluginServices = new LinkedHashSet<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Set<String> omitted = new LinkedHashSet<>();
    private int classFileVersion;

    private PluginJarBuilder() {
    }

    /** @return an empty builder */
    public static PluginJarBuilder plugin() {
        return new PluginJarBuilder();
    }

    /**
     * Adds a handler that needs the token and answers {@code {"code":200,"class":"<its name>"}},
     * and lists it in the services file.
     *
     * @param className the fully qualified class name, in a named package
     * @param url the url it serves
     * @return this builder
     */
    public PluginJarBuilder handler(String className, String url) {
        return handlerSource(className, url, true);
    }

    /**
     * Adds a handler that answers without a token, as a login handler does, and lists it.
     *
     * @param className the fully qualified class name, in a named package
     * @param url the url it serves
     * @return this builder
     */
    public PluginJarBuilder tokenFreeHandler(String className, String url) {
        return handlerSource(className, url, false);
    }

    /**
     * Adds a plugin whose {@code start} returns one handler that needs the token and answers
     * {@code {"code":200,"class":"<handler class>","plugin":"<plugin class>"}}, and lists the plugin
     * (not the handler) in {@code META-INF/services/dev.turnstile.spi.Plugin}.
     *
     * @param pluginClass the plugin's fully qualified class name, in a named package
     * @param handlerClass the handler's, in the same package
     * @param url the url the handler serves
     * @return this builder
     */
    public PluginJarBuilder servingPlugin(String pluginClass, String handlerClass, String url) {
        int dot = handlerClass.lastIndexOf('.');
        String handler = "package " + handlerClass.substring(0, dot) + ";\n"
                + "import dev.turnstile.spi.*;\n"
                + "public class " + handlerClass.substring(dot + 1) + " implements Handler {\n"
                + "    public String url() { return \"" + url + "\"; }\n"
                + "    public Response handle(Request request, Session session) {\n"
                + "        return Response.ok(java.util.Map.of(\"class\", getClass().getName(), \"plugin\", \""
                + pluginClass + "\"));\n"
                + "    }\n"
                + "}\n";
        int pluginDot = pluginClass.lastIndexOf('.');
        String plugin = "package " + pluginClass.substring(0, pluginDot) + ";\n"
                + "import dev.turnstile.spi.*;\n"
                + "public class " + pluginClass.substring(pluginDot + 1) + " implements Plugin {\n"
                + "    public java.util.List<Handler> start(PluginContext context) {\n"
                + "        return java.util.List.of(new " + handlerClass + "());\n"
                + "    }\n"
                + "}\n";
        return source(handlerClass, handler).source(pluginClass, plugin).pluginService(pluginClass);
    }

    /**
     * Adds a line to {@code META-INF/services/dev.turnstile.spi.Plugin}.
     *
     * @param className the class to list; it need not exist
     * @return this builder
     */
    public PluginJarBuilder pluginService(String className) {
        pluginServices.add(className);
        return this;
    }

    /**
     * Adds a Java source to compile; it is not listed in the services file.
     *
     * @param className the fully qualified name of the source's top-level class
     * @param javaSource the whole compilation unit, package declaration included
     * @return this builder
     */
    public PluginJarBuilder source(String className, String javaSource) {
        sources.put(className, javaSource);
        return this;
    }

    /**
     * Adds a line to {@code META-INF/services/dev.turnstile.spi.Handler}.
     *
     * @param className the class to list; it need not exist
     * @return this builder
     */
    public PluginJarBuilder service(String className) {
        services.add(className);
        return this;
    }

    /**
     * Adds an entry as it is, such as a copy of a class file.
     *
     * @param name the entry name, such as {@code dev/turnstile/spi/Handler.class}
     * @param content its bytes
     * @return this builder
     */
    public PluginJarBuilder entry(String name, byte[] content) {
        entries.put(name, content.clone());
        return this;
    }

    /**
     * Compiles a class but leaves it, and its nested classes, out of the jar, so that classes
     * which use it fail to load.
     *
     * @param className the class to leave out
     * @return this builder
     */
    public PluginJarBuilder omit(String className) {
        omitted.add(className);
        return this;
    }

    /**
     * Stamps every compiled class with another class-file major version, as if compiled by a
     * newer or older JDK.
     *
     * @param major the major version, such as 99
     * @return this builder
     */
    public PluginJarBuilder classFileVersion(int major) {
        this.classFileVersion = major;
        return this;
    }

    /**
     * Compiles the sources and writes the jar, replacing any file there.
     *
     * @param jar where to write it; its folder must exist
     * @return {@code jar}
     * @throws IOException when a file cannot be written
     * @throws IllegalStateException when a source does not compile
     */
    public Path write(Path jar) throws IOException {
        Path work = Files.createTempDirectory("plugin-jar-build");
        try {
            Map<String, byte[]> classes = compile(work);
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                if (!services.isEmpty()) {
                    put(out, SERVICES, (String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (!pluginServices.isEmpty()) {
                    put(out, PLUGIN_SERVICES, (String.join("\n", pluginServices) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, byte[]> compiled : classes.entrySet()) {
                    put(out, compiled.getKey(), compiled.getValue());
                }
                for (Map.Entry<String, byte[]> extra : entries.entrySet()) {
                    put(out, extra.getKey(), extra.getValue());
                }
            }
            return jar;
        } finally {
            deleteTree(work);
        }
    }

    private PluginJarBuilder handlerSource(String className, String url, boolean needsToken) {
        int dot = className.lastIndexOf('.');
        String source = "package " + className.substring(0, dot) + ";\n"
                + "import dev.turnstile.spi.*;\n"
                + "public class " + className.substring(dot + 1) + " implements Handler {\n"
                + "    public String url() { return \"" + url + "\"; }\n"
                + "    public boolean needsToken() { return " + needsToken + "; }\n"
                + "    public Response handle(Request request, Session session) {\n"
                + "        return Response.ok(\"class\", getClass().getName());\n"
                + "    }\n"
                + "}\n";
        return source(className, source).service(className);
    }

    private Map<String, byte[]> compile(Path work) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (sources.isEmpty()) {
            return classes;
        }
        Path src = Files.createDirectories(work.resolve("src"));
        Path out = Files.createDirectories(work.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-nowarn", "--release", "17",
                "-classpath", compilerClassPath(), "-d", out.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        if (compiler.run(null, report, report, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test plugin sources do not compile:\n"
                    + report.toString(StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = out.relativize(file).toString().replace('\\', '/');
                if (!isOmitted(name)) {
                    classes.put(name, stamp(Files.readAllBytes(file)));
                }
            }
        }
        return classes;
    }

    private boolean isOmitted(String entryName) {
        String className = entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.');
        return omitted.stream().anyMatch(o -> className.equals(o) || className.startsWith(o + "$"));
    }

    /** Bytes 6 and 7 of a class file hold its major version. */
    private byte[] stamp(byte[] classFile) {
        if (classFileVersion != 0) {
            classFile[6] = (byte) (classFileVersion >> 8);
            classFile[7] = (byte) classFileVersion;
        }
        return classFile;
    }

    private static String compilerClassPath() {
        String classPath = System.getProperty("java.class.path");
        try {
            Path spi = Path.of(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classPath + File.pathSeparator + spi;
        } catch (URISyntaxException | NullPointerException e) {
            return classPath;
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
