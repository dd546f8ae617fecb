package dev.turnstile.plugin;

/**
 * Where a handler class was listed, in the words start-up errors and routes use.
 *
 * @param label how an error message names the place, such as {@code plugin jar plugins/x.jar}
 * @param container what a listed class should have been in, such as {@code the jar}
 * @param elsewhere where a needed class was looked for, such as
 *     {@code neither in the jar nor on the server's class path}
 */
record Origin(String label, String container, String elsewhere) {

    static Origin pluginJar(String shownName) {
        return new Origin("plugin jar " + shownName, "the jar", "neither in the jar nor on the server's class path");
    }

    static Origin classPath(String source) {
        String label = "class path".equals(source) ? "the server's class path" : "class path entry " + source;
        return new Origin(label, "the server's class path", "not on the server's class path");
    }
}
